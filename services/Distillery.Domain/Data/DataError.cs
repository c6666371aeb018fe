using Distillery.Domain.Specs;

namespace Distillery.Domain.Data;

/// <summary>One problem in a data file, where it is.</summary>
public sealed record DataError(SourceLocation Location, string Problem)
{
    public override string ToString() => $"{Location}: {Problem}";
}
