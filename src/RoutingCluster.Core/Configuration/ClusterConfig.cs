namespace RoutingCluster.Configuration;

/// <summary>
/// How this node takes part in the Orleans cluster. Every field has a default: a single embedded
/// node needs none; clustered nodes (<c>store.kind: postgres</c>) usually set only
/// <see cref="AdvertisedAddress"/> (or get it from <c>POD_IP</c> on Kubernetes).
/// </summary>
public sealed record ClusterConfig
{
    /// <summary>This node's name (the silo name); default: <c>POD_NAME</c>, else host name plus a random suffix.</summary>
    public string? NodeId { get; init; }

    /// <summary>Nodes with the same cluster id form one cluster; default <c>routingcluster</c>.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Grain state is keyed by service id: keep it across deploys; default <c>routingcluster</c>.</summary>
    public string? ServiceId { get; init; }

    /// <summary>TCP port for silo-to-silo traffic; default 11111 (clustered), a free loopback port (embedded).</summary>
    public int? SiloPort { get; init; }

    /// <summary>The address other nodes reach this one at; default <c>POD_IP</c>, else 127.0.0.1.</summary>
    public string? AdvertisedAddress { get; init; }

    /// <summary>The address the silo listens on; default the advertised address.</summary>
    public string? ListenAddress { get; init; }

    /// <summary>How long a liveness probe may take before it counts as missed; default 1s.</summary>
    public string? ProbeTimeout { get; init; }

    /// <summary>Missed probes before a node votes another dead; default 2.</summary>
    public int? MissedProbesLimit { get; init; }

    /// <summary>How long an acquire on a credential grain may take before the attempt treats it as
    /// unknown and moves on; default 2s.</summary>
    public string? GrainCallTimeout { get; init; }
}
