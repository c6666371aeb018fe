namespace Distillery.Grpc;

/// <summary>One invalid field of a request: its path (<c>spec.tasks[0].codebook.labels</c>) and why it is invalid.</summary>
public sealed record FieldViolation(string Field, string Description)
{
    public override string ToString() => $"field '{Field}': {Description}";
}
