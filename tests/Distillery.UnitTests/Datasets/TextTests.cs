using Distillery.Datasets.Text;

namespace Distillery.UnitTests.Datasets;

public sealed class TextTests
{
    [Fact]
    public void Email_body_drops_headers_and_decodes_quoted_printable_html()
    {
        const string raw = "From: someone@example.com\nSubject: Offer\nContent-Type: text/html; charset=\"iso-8859-1\"\n" +
            "Content-Transfer-Encoding: quoted-printable\n\n<HTML><BODY><style>p{}</style><P>Save up to 70% on Life =\nInsurance &amp; get a caf=E9 voucher. Why Spend More Than You Have To?</P></BODY></HTML>\n";

        var body = EmailBody.Extract(raw);

        Assert.Equal("Save up to 70% on Life Insurance & get a café voucher. Why Spend More Than You Have To?", body);
    }

    [Fact]
    public void Email_body_prefers_the_plain_text_part_of_a_multipart_message()
    {
        const string raw = "Subject: x\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/html\n\n<p>html version of the message body here</p>\n" +
            "--b1\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nUGxhaW4gdmVyc2lvbiBvZiB0aGUgbWVzc2FnZSBib2R5IGhlcmU=\n--b1--\n";

        Assert.Equal("Plain version of the message body here", EmailBody.Extract(raw));
    }

    [Fact]
    public void Email_without_readable_text_gives_nothing()
    {
        Assert.Null(EmailBody.Extract("Subject: x\nContent-Type: image/gif\n\nR0lGODlh"));
    }

    [Fact]
    public void Brown_tokens_become_ordinary_text()
    {
        var sentence = BrownDetokenizer.Sentence("\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ,/, and/cc it/pps (/( 1/2/cd )/) won't/md* ./.");

        Assert.Equal("The jury said \"no evidence\", and it (1/2) won't.", sentence);
    }

    [Fact]
    public void Passages_keep_sentences_whole_within_150_to_250_words()
    {
        var sentences = Enumerable.Range(0, 41).Select(i => string.Join(' ', Enumerable.Repeat($"w{i}", 20)) + ".").ToList();

        var passages = Passages.From(sentences);

        Assert.All(passages, passage => Assert.InRange(Passages.WordCount(passage), 150, 250));
        // 41 sentences of 20 words: three passages of 240, and a 100-word tail too long to merge is left out.
        Assert.Equal(3 * 240, passages.Sum(Passages.WordCount));
        Assert.All(passages, passage => Assert.EndsWith(".", passage, StringComparison.Ordinal));
    }

    [Fact]
    public void Short_tail_merges_into_the_passage_before_when_it_fits()
    {
        var sentences = new[] { string.Join(' ', Enumerable.Repeat("a", 160)) + ".", string.Join(' ', Enumerable.Repeat("b", 40)) + "." };

        var passage = Assert.Single(Passages.From(sentences));

        Assert.Equal(200, Passages.WordCount(passage));
    }

    [Fact]
    public void Sentences_split_at_ends_followed_by_a_capital()
    {
        Assert.Equal(["It rose 3.5 percent.", "Then it fell!", "\"Why?\" he asked."], SentenceSplitter.Split("It rose 3.5 percent. Then it fell!  \"Why?\" he asked."));
    }
}
