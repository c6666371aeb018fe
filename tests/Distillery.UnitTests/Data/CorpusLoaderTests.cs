using Distillery.Domain.Data;
using Distillery.Domain.Tasks;

namespace Distillery.UnitTests.Data;

public sealed class CorpusLoaderTests : IDisposable
{
    private static readonly Codebook SpamCodebook = new(
        "Is it spam?",
        [new LabelDefinition("spam", "junk"), new LabelDefinition("ham", "wanted")],
        "spam",
        []);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Corpus Load(string name, string content, string? groupColumn = null, DataFilter? filter = null)
    {
        var path = _folder.Write(name, content);
        var format = name.EndsWith(".csv", StringComparison.Ordinal) ? DataFormat.Csv : DataFormat.Jsonl;
        return CorpusLoader.Load(new DataSourceSpec(path, format, "id", "text", "label", groupColumn, filter), SpamCodebook);
    }

    [Fact]
    public void Csv_with_bom_quoted_multiline_fields_and_unlabelled_rows_loads()
    {
        var corpus = Load("docs.csv", "\uFEFFid,text,label\n1,\"Buy now, \"\"cheap\"\"\nreally\",spam\n2,See you at lunch,ham\n3,Unread memo,\n");

        Assert.Equal(["1", "2", "3"], corpus.Documents.Select(document => document.Id));
        Assert.Equal("Buy now, \"cheap\"\nreally", corpus.Documents[0].Text);
        Assert.Null(corpus.Documents[2].Label);
        Assert.Equal(2, corpus.Labelled.Count);
        Assert.Equal("1", corpus.Documents[0].Group);
    }

    [Fact]
    public void Jsonl_with_bom_groups_and_numbers_loads()
    {
        var corpus = Load("docs.jsonl", "\uFEFF{\"id\": 7, \"text\": \"Ünïcödé prize\", \"label\": \"spam\", \"group\": \"mail-1\"}\n\n{\"id\": \"8\", \"text\": \"Minutes\"}\n", groupColumn: "group");

        Assert.Equal(["7", "8"], corpus.Documents.Select(document => document.Id));
        Assert.Equal("mail-1", corpus.Documents[0].Group);
        Assert.Null(corpus.Documents[1].Label);
    }

    [Fact]
    public void Unknown_label_in_jsonl_names_file_line_column_and_the_allowed_labels()
    {
        var error = Assert.Throws<DataException>(() =>
            Load("docs.jsonl", "{\"id\": \"a\", \"text\": \"fine\", \"label\": \"ham\"}\n{\"id\": \"b\", \"text\": \"Grüße\", \"label\": \"eggs\"}\n"));

        var problem = Assert.Single(error.Errors);
        Assert.EndsWith("docs.jsonl", problem.Location.File, StringComparison.Ordinal);
        Assert.Equal((2, 39), (problem.Location.Line, problem.Location.Column));
        Assert.Contains("docs.jsonl:2:39: label 'eggs' is not in the codebook (allowed: spam, ham)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_csv_names_file_and_line()
    {
        var error = Assert.Throws<DataException>(() => Load("docs.csv", "id,text,label\n1,fine,ham\n2,too,many,fields\n"));

        Assert.Contains("docs.csv:3:1: malformed CSV: expected 3 fields as in the header, found 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_quote_inside_an_unquoted_field_is_malformed_at_its_line()
    {
        var error = Assert.Throws<DataException>(() => Load("docs.csv", "id,text,label\n1,fine,ham\n2,bad \"quote\" here,ham\n"));

        Assert.Contains("docs.csv:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("malformed CSV", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_line_is_located()
    {
        var error = Assert.Throws<DataException>(() => Load("docs.jsonl", "{\"id\": \"a\", \"text\": \"fine\"}\n{\"id\": \"b\", \"text\": }\n"));

        Assert.Contains("docs.jsonl:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_column_is_named_with_the_header_found()
    {
        var error = Assert.Throws<DataException>(() => Load("docs.csv", "id,body,label\n1,hello,ham\n"));

        Assert.Contains("docs.csv:1:1: missing column 'text' (the header has: id, body, label)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_id_empty_text_and_bad_label_are_all_reported_together_and_nothing_is_returned()
    {
        var error = Assert.Throws<DataException>(() =>
            Load("docs.csv", "id,text,label\n1,first,ham\n1,again,ham\n2,  ,spam\n3,fine,maybe\n"));

        Assert.Equal(3, error.Errors.Count);
        Assert.Contains("docs.csv:3:1: duplicate id '1' (first on line 2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs.csv:4:3: empty text in 'text' for id '2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs.csv:5:8: label 'maybe' is not in the codebook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_keeps_matching_rows_and_does_not_check_the_others()
    {
        var corpus = Load(
            "docs.jsonl",
            "{\"id\": \"a\", \"text\": \"x\", \"label\": \"ham\", \"era\": \"new\"}\n{\"id\": \"b\", \"text\": \"y\", \"label\": \"whig\", \"era\": \"old\"}\n",
            filter: new DataFilter("era", ["new"]));

        Assert.Equal("a", Assert.Single(corpus.Documents).Id);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var error = Assert.Throws<DataException>(() => CorpusLoader.Load(
            new DataSourceSpec(Path.Combine(_folder.Path, "absent.csv"), DataFormat.Csv, "id", "text", "label", null, null),
            SpamCodebook));

        Assert.Contains("absent.csv' does not exist", error.Message, StringComparison.Ordinal);
    }
}
