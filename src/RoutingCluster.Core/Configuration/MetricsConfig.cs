namespace RoutingCluster.Configuration;

/// <summary>How <c>/metrics</c> is exposed: open by default.</summary>
public sealed record MetricsConfig
{
    /// <summary>Scrapes need an admin key (<c>Authorization: Bearer</c>).</summary>
    public bool? RequireAdminKey { get; init; }
    /// <summary>Serve <c>/metrics</c> only on this port (another listener), not on the API's; read at start.</summary>
    public int? Port { get; init; }
}
