namespace RoutingCluster.Routing;

public enum RouteErrorKind
{
    /// <summary>The <c>model</c> names nothing the gateway serves and no rule took it.</summary>
    UnknownModel,
    /// <summary>The <c>x-routing-role</c> header names no role or alias.</summary>
    UnknownRoleHeader,
}
