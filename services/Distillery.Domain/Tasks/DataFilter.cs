namespace Distillery.Domain.Tasks;

/// <summary>Keeps only the rows whose <see cref="Column"/> holds one of <see cref="Values"/>.</summary>
public sealed record DataFilter(string Column, IReadOnlyList<string> Values);
