using Distillery.Domain.Tasks;
using Message = Distillery.Contracts.Grpc.V1;

namespace Distillery.Inference.Grpc;

/// <summary>The gRPC codebook as the domain's.</summary>
internal static class CodebookMessages
{
    public static Codebook ToDomain(this Message.Codebook codebook) => new(
        codebook.Instructions,
        [.. codebook.Labels.Select(label => new LabelDefinition(label.Name, label.Definition))],
        string.IsNullOrEmpty(codebook.PositiveLabel) ? null : codebook.PositiveLabel,
        [.. codebook.Examples.Select(example => new FewShotExample(example.Text, example.Label))]);
}
