using Distillery.Domain.Metrics;
using Distillery.Training.Persistence;
using Distillery.Training.Students;
using Distillery.Training.Students.TfidfLogReg;

namespace Distillery.UnitTests.Training;

public sealed class TfidfLogRegStudentTests
{
    private static readonly LabelSet Labels = new(["sport", "money"]);

    private static TrainingSet Data(int count = 200, ulong seed = 1)
    {
        var (texts, labels) = SyntheticTexts.Make(count, seed);
        return TrainingSet.FromHardLabels("synthetic", texts, labels, Labels);
    }

    private static async Task<IStudentModel> Fit(TrainingSet data, TfidfLogRegOptions? options = null, ulong seed = 7) =>
        (await new TfidfLogRegStudent(options ?? new TfidfLogRegOptions()).FitAsync(data, seed)).Model;

    [Fact]
    public async Task Learns_a_separable_task()
    {
        var model = await Fit(Data());
        var (texts, labels) = SyntheticTexts.Make(200, seed: 99);

        var predicted = await model.PredictAsync(texts);

        Assert.True(predicted.Zip(labels).Count(pair => pair.First == pair.Second) >= 190);
    }

    [Fact]
    public async Task Save_and_load_give_identical_probabilities()
    {
        var model = await Fit(Data());
        var (texts, _) = SyntheticTexts.Make(50, seed: 3);

        var loaded = StudentModelFile.Deserialize(StudentModelFile.Serialize(model), new StudentModelReaders());

        Assert.Equal(await model.PredictProbabilitiesAsync(texts), await loaded.PredictProbabilitiesAsync(texts));
        Assert.Equal(model.Labels, loaded.Labels);
    }

    [Fact]
    public async Task Two_trainings_with_the_same_seed_give_byte_identical_models()
    {
        var options = new TfidfLogRegOptions { C = null, CGrid = [0.1, 1, 10] };

        var first = StudentModelFile.Serialize(await Fit(Data(), options, seed: 5));
        var second = StudentModelFile.Serialize(await Fit(Data(), options, seed: 5));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Cross_validation_chooses_c_from_the_grid_and_reports_its_score()
    {
        var fitted = await new TfidfLogRegStudent(new TfidfLogRegOptions { C = null, CGrid = [0.01, 10] }).FitAsync(Data(), 3);

        Assert.Contains(fitted.Diagnostics["c"], new[] { 0.01, 10 });
        Assert.InRange(fitted.CrossValidatedScore!.Value, 0.8, 1.0);
        Assert.True(fitted.Diagnostics.ContainsKey("cv_macro_f1_c_0.01"));
    }

    [Fact]
    public async Task Soft_labels_train_and_change_the_fit()
    {
        var (texts, labels) = SyntheticTexts.Make(200, 1);
        var soft = TrainingSet.FromSoftLabels("synthetic", texts, [.. labels.Select(l => (IReadOnlyList<double>)(l == "sport" ? [0.6, 0.4] : [0.4, 0.6]))], Labels);

        var softModel = await Fit(soft);
        var hardModel = await Fit(Data());

        var probe = texts.Take(20).ToList();
        var softP = await softModel.PredictProbabilitiesAsync(probe);
        var hardP = await hardModel.PredictProbabilitiesAsync(probe);
        Assert.Equal(await hardModel.PredictAsync(probe), await softModel.PredictAsync(probe));
        // Targets of 0.6 make the student far less confident than one-hot targets do.
        Assert.True(softP.Average(p => p.Max()) < hardP.Average(p => p.Max()) - 0.1);
    }

    [Fact]
    public void Confidence_filtering_drops_unsure_items()
    {
        var soft = TrainingSet.FromSoftLabels("t", ["a b", "c d", "e f"], [[0.9, 0.1], [0.55, 0.45], [0.2, 0.8]], Labels);

        var kept = soft.WithMinimumConfidence(0.7);

        Assert.Equal(["a b", "e f"], kept.Texts);
    }

    [Fact]
    public void Bad_training_data_is_refused_naming_the_task()
    {
        Assert.Contains("task 'spam': the training set is empty", Assert.Throws<StudentTrainingException>(() => TrainingSet.FromHardLabels("spam", [], [], Labels)).Message, StringComparison.Ordinal);
        Assert.Contains("task 'spam': every training item has the label 'sport'", Assert.Throws<StudentTrainingException>(() => TrainingSet.FromHardLabels("spam", ["a", "b"], ["sport", "sport"], Labels)).Message, StringComparison.Ordinal);
        Assert.Contains("task 'spam': training label 'eggs' (item 1) is not in the codebook", Assert.Throws<StudentTrainingException>(() => TrainingSet.FromHardLabels("spam", ["a", "b"], ["sport", "eggs"], Labels)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Texts_with_no_usable_words_are_refused_naming_the_task()
    {
        var data = TrainingSet.FromHardLabels("spam", ["!!", "a", "?", "1"], ["sport", "money", "sport", "money"], Labels);

        var error = await Assert.ThrowsAsync<StudentTrainingException>(() => Fit(data));

        Assert.Contains("task 'spam': no term survives tokenisation", error.Message, StringComparison.Ordinal);
    }
}
