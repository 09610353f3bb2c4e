using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RoutingCluster.Configuration;
using RoutingCluster.Grains.Hosting;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// Resolves how this node's silo starts from the config and the environment. On Kubernetes the
/// pod's name and IP come from <c>POD_NAME</c> and <c>POD_IP</c> (the downward API, see the Helm
/// chart); nothing else of Kubernetes is needed, since membership lives in PostgreSQL. An embedded
/// node always binds and advertises 127.0.0.1 on a port nobody else holds, so two embedded
/// gateways on one machine never meet.
/// </summary>
public static class SiloSettingsFactory
{
    public const string PodNameVariable = "POD_NAME";

    public const string PodIpVariable = "POD_IP";

    public static SiloSettings For(GatewayDefinition definition, Func<string, string?> environment)
    {
        var cluster = definition.Cluster;
        var clustered = definition.Store.Kind == StoreKind.Postgres;
        var name = cluster.NodeId ?? Valid(environment(PodNameVariable)) ?? DefaultName();
        if (!clustered)
        {
            return new SiloSettings(name, cluster.ClusterId, cluster.ServiceId, null, cluster.SiloPort is null or 0 ? FreePort(IPAddress.Loopback) : cluster.SiloPort.Value,
                IPAddress.Loopback, IPAddress.Loopback, cluster.ProbeTimeout, cluster.MissedProbesLimit);
        }

        var advertised = cluster.AdvertisedAddress
            ?? (IPAddress.TryParse(environment(PodIpVariable), out var pod) ? pod : IPAddress.Loopback);
        var listen = cluster.ListenAddress ?? advertised;
        var port = cluster.SiloPort ?? ClusterDefinition.DefaultSiloPort;
        return new SiloSettings(name, cluster.ClusterId, cluster.ServiceId, definition.Store.ConnectionString!.Reveal(),
            port == 0 ? FreePort(listen) : port, advertised, listen, cluster.ProbeTimeout, cluster.MissedProbesLimit);
    }

    private static string? Valid(string? name) => string.IsNullOrWhiteSpace(name) ? null : name;

    private static string DefaultName() =>
        $"{Environment.MachineName.ToLowerInvariant()}-{Random.Shared.Next(0x100000, 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture)}";

    /// <summary>A port free on <paramref name="address"/> now (<c>siloPort: 0</c>, and every embedded node).</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
