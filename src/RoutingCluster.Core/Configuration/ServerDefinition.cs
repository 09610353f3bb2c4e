namespace RoutingCluster.Configuration;

/// <param name="MetricsRequireAdminKey">Whether a scrape of <c>/metrics</c> needs an admin key.</param>
/// <param name="MetricsPort">The port <c>/metrics</c> is served on instead of the API's; null: the API's port.</param>
public sealed record ServerDefinition(long MaxRequestBodyBytes, bool MetricsRequireAdminKey = false, int? MetricsPort = null);
