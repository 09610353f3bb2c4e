using System.Diagnostics.CodeAnalysis;

namespace RoutingCluster.Routing;

/// <summary>What <see cref="RoleResolver"/> decided: a target to route to, or the reason there is
/// none, never both. The front door turns a refusal into a provider-format error.</summary>
public sealed record RoleResolution
{
    private RoleResolution(RouteTarget? target, RouteError? error)
    {
        Target = target;
        Error = error;
    }

    public RouteTarget? Target { get; }

    public RouteError? Error { get; }

    [MemberNotNullWhen(true, nameof(Target))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsResolved => Target is not null;

    public static RoleResolution Resolved(RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new(target, null);
    }

    public static RoleResolution Refused(RouteError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
