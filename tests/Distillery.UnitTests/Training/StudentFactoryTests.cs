using Distillery.Contracts.Training;
using Distillery.Training.Embeddings;
using Distillery.Training.Service;
using Distillery.Training.Students;
using Distillery.Training.Students.EmbeddingLogReg;
using Distillery.Training.Students.EmbeddingMlp;
using Distillery.Training.Students.Finetune;
using Distillery.Training.Students.TfidfLogReg;
using Distillery.UnitTests.Training.Encoders;

namespace Distillery.UnitTests.Training;

public sealed class StudentFactoryTests
{
    private static StudentRecipe Create(string kind, params (string Key, string Value)[] settings) =>
        new StudentFactory().Create(new StudentSpecification(kind, "main", settings.ToDictionary(s => s.Key, s => s.Value)));

    [Fact]
    public void Settings_are_read_with_scikit_learn_names()
    {
        var recipe = Create("tfidf-logreg", ("C", "cv"), ("c_grid", "0.5, 5"), ("class_weight", "balanced"), ("ngram_max", "1"), ("min_df", "3"), ("soft_labels", "true"), ("min_confidence", "0.8"));

        var options = ((TfidfLogRegStudent)recipe.Student).Options;
        Assert.Null(options.C);
        Assert.Equal([0.5, 5], options.CGrid);
        Assert.Equal(ClassWeight.Balanced, options.ClassWeight);
        Assert.Equal(1, options.Tfidf.NGramMax);
        Assert.Equal(3, options.Tfidf.MinDf);
        Assert.True(recipe.SoftLabels);
        Assert.Equal(0.8, recipe.MinConfidence);
    }

    [Theory]
    [InlineData("tfidf-logreg", "C", "-1", "student 'main': setting 'C' must be a number between 1E-06 and 1000000, not '-1'")]
    [InlineData("tfidf-logreg", "class_weight", "heavy", "student 'main': setting 'class_weight' must be 'none' or 'balanced', not 'heavy'")]
    [InlineData("tfidf-logreg", "ngram_maxx", "2", "student 'main': unknown setting 'ngram_maxx'")]
    [InlineData("bert", "C", "1", "student 'main': unknown kind 'bert' (known: finetune, tfidf-logreg")]
    [InlineData("finetune", "max_length", "513", "student 'main': setting 'max_length' must be a number between 2 and 512, not '513'")]
    [InlineData("finetune", "freeze_layers", "7", "student 'main': setting 'freeze_layers' must be a number between 0 and 6, not '7'")]
    [InlineData("finetune", "encoder", "bert-large", "student 'main': setting 'encoder' must be one of 'all-minilm-l6-v2', not 'bert-large'")]
    [InlineData("finetune", "class_weight", "heavy", "student 'main': setting 'class_weight' must be 'none' or 'balanced', not 'heavy'")]
    [InlineData("finetune", "epoch", "2", "student 'main': unknown setting 'epoch'")]
    public void Bad_settings_are_named(string kind, string key, string value, string expected)
    {
        var error = Assert.Throws<StudentTrainingException>(() => Create(kind, (key, value)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(kind == "bert" ? null : key, error.Setting);
    }

    [Fact]
    public void The_finetune_student_reads_its_settings_and_soft_labels()
    {
        var recipe = Create(
            "finetune",
            ("max_length", "64"),
            ("epochs", "2"),
            ("batch_size", "8"),
            ("learning_rate", "5e-5"),
            ("freeze_layers", "3"),
            ("class_weight", "balanced"),
            ("validation_fraction", "0.2"),
            ("patience", "2"),
            ("threads", "1"),
            ("encoder", "all-minilm-l6-v2"),
            ("soft_labels", "true"));

        var options = ((FinetuneStudent)recipe.Student).Options;
        Assert.Equal(new FinetuneOptions
        {
            MaxLength = 64,
            Epochs = 2,
            BatchSize = 8,
            LearningRate = 5e-5,
            FreezeLayers = 3,
            ClassWeight = ClassWeight.Balanced,
            ValidationFraction = 0.2,
            Patience = 2,
            Threads = 1,
        }, options);
        Assert.True(recipe.SoftLabels);
        Assert.Equal(new FinetuneOptions(), ((FinetuneStudent)Create("finetune").Student).Options);
    }
}

public sealed class StudentFactoryWithEmbeddingsTests
{
    private static StudentRecipe Create(StudentFactory factory, string kind, params (string Key, string Value)[] settings) =>
        factory.Create(new StudentSpecification(kind, "emb", settings.ToDictionary(s => s.Key, s => s.Value)));

    [Fact]
    public void Embedding_students_are_built_with_their_settings_and_the_encoder_without_loading_it()
    {
        var catalog = new CountingCatalog();
        using var encoders = new EncoderEmbeddingSource(catalog);
        var factory = new StudentFactory(encoders);

        var recipe = Create(factory, "embedding-mlp", ("hidden_size", "32"), ("patience", "3"), ("encoder", "all-minilm-l6-v2"), ("max_length", "64"));
        var logreg = Create(factory, "embedding-logreg");
        var options = ((EmbeddingMlpStudent)recipe.Student).Options;

        Assert.Equal((32, 3), (options.Mlp.HiddenSize, options.Mlp.Patience));
        Assert.Same(encoders.Get("all-minilm-l6-v2", 64), ((EmbeddingMlpStudent)recipe.Student).Provider);
        Assert.Same(encoders.Get("all-minilm-l6-v2", 256), ((EmbeddingLogRegStudent)logreg.Student).Provider);
        Assert.Contains("embedding-logreg", factory.Kinds);
        Assert.Equal(0, catalog.Gets);
        Assert.Throws<StudentTrainingException>(() => Create(factory, "embedding-mlp", ("hidden", "32")));
    }

    [Theory]
    [InlineData("encoder", "bert-large", "student 'emb': setting 'encoder' must name a known encoder, not 'bert-large' (known: all-minilm-l6-v2)")]
    [InlineData("max_length", "513", "student 'emb': setting 'max_length' must be a number between 2 and 512, not '513'")]
    [InlineData("max_length", "1", "student 'emb': setting 'max_length' must be a number between 2 and 512, not '1'")]
    public void Bad_encoder_settings_are_named(string key, string value, string expected)
    {
        using var encoders = new EncoderEmbeddingSource(new CountingCatalog());

        var error = Assert.Throws<StudentTrainingException>(() => Create(new StudentFactory(encoders), "embedding-logreg", (key, value)));

        Assert.Equal(expected, error.Message);
        Assert.Equal(key, error.Setting);
    }
}
