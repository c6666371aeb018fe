using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Distillery.Training.Service;

/// <summary>The Training service's meter and activity source (exported by the service defaults, which subscribe to <c>Distillery.*</c>).</summary>
public sealed class TrainingTelemetry : IDisposable
{
    public const string Name = "Distillery.Training";

    private readonly Meter _meter = new(Name);

    public TrainingTelemetry()
    {
        StudentsTrained = _meter.CreateCounter<long>("distillery_students_trained", "{student}", "Students trained (not counting redelivered commands answered from the store)");
        TrainingExamples = _meter.CreateCounter<long>("distillery_training_examples", "{example}", "Examples students were trained on");
        TrainingDuration = _meter.CreateHistogram<double>("distillery_training_duration", "s", "Wall time of training one student");
        Predictions = _meter.CreateCounter<long>("distillery_predictions", "{text}", "Texts classified by students");
        PredictionBatchSize = _meter.CreateHistogram<int>("distillery_prediction_batch_size", "{text}", "Texts per prediction batch");
    }

    public static ActivitySource Activities { get; } = new(Name);

    public Counter<long> StudentsTrained { get; }

    public Counter<long> TrainingExamples { get; }

    public Histogram<double> TrainingDuration { get; }

    public Counter<long> Predictions { get; }

    public Histogram<int> PredictionBatchSize { get; }

    public void Dispose() => _meter.Dispose();
}
