namespace Distillery.Domain.Specs;

/// <summary>A place in a file (1-based line and column), printed the way editors and compilers do: <c>file:line:column</c>.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}
