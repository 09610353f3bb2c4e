namespace RoutingCluster.Routing;

public sealed record RouteError(RouteErrorKind Kind, string Message);
