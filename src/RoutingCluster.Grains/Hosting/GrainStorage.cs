namespace RoutingCluster.Grains.Hosting;

/// <summary>The one grain storage every grain of the gateway persists to (memory when embedded, PostgreSQL when clustered).</summary>
public static class GrainStorage
{
    public const string Name = "rc";

    /// <summary>How long a grain waits for its own write before it treats the database as unreachable and serves from memory.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Added to a state's version when a grain activates, so a node's fleet view takes every
    /// state of the new activation over any of the old one.</summary>
    public const long ActivationEpoch = 1L << 32;
}
