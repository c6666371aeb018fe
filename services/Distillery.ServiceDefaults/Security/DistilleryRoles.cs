namespace Distillery.ServiceDefaults.Security;

/// <summary>The roles a principal may hold.</summary>
public static class DistilleryRoles
{
    /// <summary>Sees, watches, reports on and cancels every principal's jobs, not only its own.</summary>
    public const string Operator = "operator";

    public static readonly string[] All = [Operator];
}
