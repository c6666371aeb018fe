using System.Globalization;
using System.Text;

namespace Distillery.Inference.Classification;

/// <summary>
/// A GBNF grammar (llama.cpp's grammar format) that admits exactly the label names: one string
/// literal per label. Labels that share a prefix are fine: the grammar sampler keeps every
/// alternative alive until the text tells them apart, and allows the end only where a label ends.
/// </summary>
internal static class LabelGrammar
{
    public static string For(IReadOnlyList<string> labels)
    {
        var grammar = new StringBuilder("root ::= ");
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                grammar.Append(" | ");
            }

            grammar.Append('"');
            foreach (var c in labels[i])
            {
                grammar.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when char.IsControl(c) => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                    _ => c.ToString(),
                });
            }

            grammar.Append('"');
        }

        return grammar.ToString();
    }
}
