using Distillery.Domain.Specs;

namespace Distillery.Domain.Tasks;

/// <summary>A split's size: a number of documents, or a fraction of the labelled documents.</summary>
public sealed record SplitSize(int? Count, double? Fraction, SourceLocation? Location = null)
{
    public static SplitSize Documents(int count) => new(count, null);

    public static SplitSize Share(double fraction) => new(null, fraction);

    /// <summary>The number of documents, given how many labelled documents there are.</summary>
    public int Resolve(int labelled) => Count ?? (int)Math.Round(Fraction!.Value * labelled, MidpointRounding.AwayFromZero);

    public override string ToString() => Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? $"{Fraction:P0}";
}
