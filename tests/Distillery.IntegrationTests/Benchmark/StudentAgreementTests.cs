using Distillery.Domain.Data;
using Distillery.Domain.Metrics;
using Distillery.Domain.Splits;
using Distillery.Domain.Tasks;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.Training.Features;
using Distillery.Training.Students;
using Distillery.Training.Students.TfidfLogReg;

namespace Distillery.IntegrationTests.Benchmark;

[Collection(SharedBuiltSuite.Name)]
public sealed class StudentAgreementTests(BuiltSuiteFixture suite)
{
    [CorporaAndSklearnFact]
    public async Task Tfidf_logreg_trained_on_human_labels_predicts_as_scikit_learn_does_on_97_percent_of_the_test_split()
    {
        var task = TaskSpecReader.Load(Path.Combine(suite.FirstFolder, "sotu-party", "task.yaml"));
        var splits = GroupStratifiedSplitter.Split(CorpusLoader.Load(task.Data, task.Codebook), task.Splits, task.Seed, task.Name);
        var train = splits.TrainingPool.Where(document => document.Label is not null).ToList();
        var test = splits.Test.Select(document => document.Text).ToList();
        var options = new TfidfLogRegOptions { C = 10, Tfidf = new TfidfOptions { NGramMax = 2, SublinearTf = true, MinDf = 2, MaxDf = 1.0 } };

        var data = TrainingSet.FromHardLabels(task.Name, [.. train.Select(d => d.Text)], [.. train.Select(d => d.Label!)], new LabelSet(task.Codebook.LabelNames));
        var ours = await (await new TfidfLogRegStudent(options).FitAsync(data, task.Seed)).Model.PredictAsync(test);
        using var peer = ScikitLearn.Run("sklearn_students.py", new
        {
            train_texts = train.Select(d => d.Text),
            train_labels = train.Select(d => d.Label),
            test_texts = test,
            @params = new { ngram_max = 2, sublinear_tf = true, min_df = 2, max_df = 1.0, C = 10.0, max_iter = 1000, tol = 1e-6, class_weight = (string?)null },
        });
        var theirs = peer.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetString()).ToList();

        var agreement = ours.Zip(theirs).Count(pair => pair.First == pair.Second) / (double)test.Count;
        Assert.True(agreement >= 0.97, $"agreement with scikit-learn {agreement:P1} on {test.Count} test texts");
        Assert.Equal(peer.RootElement.GetProperty("features").GetInt32(), (int)(await new TfidfLogRegStudent(options).FitAsync(data, task.Seed)).Diagnostics["features"]);
    }
}
