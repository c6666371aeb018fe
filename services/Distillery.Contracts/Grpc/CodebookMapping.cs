using Distillery.Domain.Tasks;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Contracts.Grpc;

/// <summary>
/// A task's codebook to and from its gRPC message: the one place the two shapes meet. On the bus
/// the domain's <see cref="Codebook"/> travels as it is. Checking a client's codebook (every
/// field named in its error) is the Coordinator's, before it maps one.
/// </summary>
public static class CodebookMapping
{
    /// <summary>The message for <paramref name="codebook"/>, with at most <paramref name="examples"/> of its examples when given.</summary>
    public static V1.Codebook ToMessage(this Codebook codebook, int? examples = null)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        var message = new V1.Codebook { Instructions = codebook.Instructions, PositiveLabel = codebook.PositiveLabel ?? "" };
        message.Labels.AddRange(codebook.Labels.Select(label => new V1.LabelDefinition { Name = label.Name, Definition = label.Definition }));
        message.Examples.AddRange(codebook.Examples.Take(examples ?? int.MaxValue).Select(example => new V1.FewShotExample { Text = example.Text, Label = example.Label }));
        return message;
    }

    /// <summary>The codebook a message carries (an empty positive label is none).</summary>
    public static Codebook ToCodebook(this V1.Codebook message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Codebook(
            message.Instructions,
            [.. message.Labels.Select(label => new LabelDefinition(label.Name, label.Definition))],
            message.PositiveLabel.Length > 0 ? message.PositiveLabel : null,
            [.. message.Examples.Select(example => new FewShotExample(example.Text, example.Label))]);
    }
}
