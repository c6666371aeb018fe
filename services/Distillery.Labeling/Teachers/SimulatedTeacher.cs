using Distillery.Domain.Randomness;

namespace Distillery.Labeling.Teachers;

/// <summary>
/// Not a language model: the human label, flipped with class-conditional rates. For each true
/// label, <c>flip_rates[label]</c> is the chance the teacher answers another label (chosen
/// uniformly among the rest). In binary terms the positive label's rate is the false-negative
/// rate and the negative label's the false-positive rate; a higher false-positive rate gives
/// the paper's picture of LLM labels with higher recall than precision. Each text's draw
/// depends only on the seed and its id, so labels do not change with batching or order.
/// Used for offline demos and the noise ablation; always named as simulated in reports.
/// </summary>
public sealed class SimulatedTeacher(IReadOnlyDictionary<string, double> flipRates, ulong seed, IReadOnlyDictionary<string, string> humanLabels, string name) : ITeacher
{
    public const string KindName = "simulated";

    public string Name { get; } = name;

    public string Kind => KindName;

    public bool IsLanguageModel => false;

    public IReadOnlyDictionary<string, double> FlipRates { get; } = flipRates;

    public Task<TeacherBatchResult> LabelAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var labels = request.Codebook.LabelNames;
        var answers = new List<TeacherLabel>(request.Texts.Count);
        foreach (var text in request.Texts)
        {
            if (!humanLabels.TryGetValue(text.Id, out var truth))
            {
                throw new TeacherException($"simulated teacher '{Name}': document '{text.Id}' of task '{request.TaskId}' has no human label to simulate from");
            }

            var random = DeterministicRandom.For(seed, $"{request.TaskId}/{text.Id}");
            var rate = FlipRates.GetValueOrDefault(truth);
            var label = truth;
            if (random.NextDouble() < rate)
            {
                var others = labels.Where(other => other != truth).ToList();
                label = others[random.NextInt(others.Count)];
            }

            answers.Add(new TeacherLabel(text.Id, label, Probabilities(labels, label, rate), CostUsd: 0m));
        }

        return Task.FromResult(new TeacherBatchResult(answers, CostUsd: 0m));
    }

    /// <summary>The answer's confidence is one minus its class's flip rate, the rest spread evenly: a calibrated-looking soft label.</summary>
    private static double[] Probabilities(IReadOnlyList<string> labels, string answer, double rate)
    {
        var confidence = Math.Max(1.0 - rate, 1.0 / labels.Count);
        var rest = (1.0 - confidence) / (labels.Count - 1);
        return [.. labels.Select(label => label == answer ? confidence : rest)];
    }
}
