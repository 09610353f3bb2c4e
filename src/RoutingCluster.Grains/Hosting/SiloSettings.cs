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

    /// <summary>Everything but the connection string, which holds the database password.</summary>
    public override string ToString() =>
        $"{NodeName} in {ClusterId}/{ServiceId}, {(Clustered ? "clustered on PostgreSQL" : "embedded")}, silo {AdvertisedAddress}:{SiloPort} (listening on {ListenAddress})";
}
