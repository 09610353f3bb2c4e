using System.Net;

namespace RoutingCluster.Configuration;

/// <summary>The validated <see cref="ClusterConfig"/>.</summary>
/// <param name="NodeId">Null: the node picks one at start (<c>POD_NAME</c>, else host name plus a suffix).</param>
/// <param name="SiloPort">Null: 11111 when clustered, a free loopback port when embedded.</param>
/// <param name="AdvertisedAddress">Null: <c>POD_IP</c>, else 127.0.0.1.</param>
/// <param name="ListenAddress">Null: the advertised address.</param>
public sealed record ClusterDefinition(
    string? NodeId,
    string ClusterId,
    string ServiceId,
    int? SiloPort,
    IPAddress? AdvertisedAddress,
    IPAddress? ListenAddress,
    TimeSpan ProbeTimeout,
    int MissedProbesLimit,
    TimeSpan GrainCallTimeout)
{
    public const string DefaultId = "routingcluster";

    public const int DefaultSiloPort = 11111;

    public static readonly ClusterDefinition Default =
        new(null, DefaultId, DefaultId, null, null, null, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(2));
}
