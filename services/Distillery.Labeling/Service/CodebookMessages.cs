using Distillery.Contracts.Labeling;
using Distillery.Domain.Tasks;

namespace Distillery.Labeling.Service;

/// <summary>Codebooks to and from their message form.</summary>
public static class CodebookMessages
{
    public static CodebookSpecification ToMessage(this Codebook codebook) => new(
        codebook.Instructions,
        [.. codebook.Labels.Select(label => new CodebookLabel(label.Name, label.Definition))],
        codebook.PositiveLabel,
        [.. codebook.Examples.Select(example => new CodebookExample(example.Text, example.Label))]);

    public static Codebook ToCodebook(this CodebookSpecification message) => new(
        message.Instructions,
        [.. message.Labels.Select(label => new LabelDefinition(label.Name, label.Definition))],
        message.PositiveLabel,
        [.. message.Examples.Select(example => new FewShotExample(example.Text, example.Label))]);
}
