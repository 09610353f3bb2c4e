using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>Seams for hosting the gateway in-process (tests): the clock and where secrets come from.</summary>
public sealed record GatewayHostOptions
{
    public TimeProvider? TimeProvider { get; init; }

    public ISecretResolver? Secrets { get; init; }
}
