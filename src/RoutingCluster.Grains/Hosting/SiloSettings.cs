using System.Net;

namespace RoutingCluster.Grains.Hosting;

/// <summary>
/// Everything a gateway node's silo needs to start, resolved: no defaults are left to Orleans, so
/// a silo never advertises an address or picks a port nobody chose.
/// </summary>
/// <param name="PostgresConnection">Null: embedded (one silo, localhost clustering, memory state).</param>
public sealed record SiloSettings(
    string NodeName,
    string ClusterId,
    string ServiceId,
    string? PostgresConnection,
    int SiloPort,
    IPAddress AdvertisedAddress,
    IPAddress ListenAddress,
    TimeSpan ProbeTimeout,
    int MissedProbesLimit)
{
    public bool Clustered => PostgresConnection is not null;
}
