using System.ComponentModel.DataAnnotations;

namespace Distillery.Evaluation.Service;

/// <summary><c>Distillery:Evaluation</c>.</summary>
public sealed class EvaluationOptions
{
    public const string Section = "Distillery:Evaluation";

    /// <summary>The Training service's gRPC address (Students API), e.g. <c>http://training:5001</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string StudentsAddress { get; set; } = "";

    /// <summary>The bearer token the Students API knows this service by (from a Secret; never logged).</summary>
    public string? StudentsToken { get; set; }
}
