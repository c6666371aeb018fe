using System.Security.Claims;

namespace Distillery.ServiceDefaults.Security;

/// <summary>Who made a call, as an API sees it after authentication.</summary>
public sealed record CallerPrincipal(string Name, bool IsOperator)
{
    /// <summary>The caller of an API nobody protects: everyone is the same nobody, and sees what nobody owns.</summary>
    public static CallerPrincipal Anonymous { get; } = new("anonymous", IsOperator: false);

    public static CallerPrincipal Of(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, Name: { } name }
            ? new CallerPrincipal(name, user.IsInRole(DistilleryRoles.Operator))
            : Anonymous;
}
