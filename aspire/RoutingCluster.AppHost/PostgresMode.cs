namespace RoutingCluster.AppHost;

/// <summary>Where the cluster's PostgreSQL comes from (<c>--postgres</c>).</summary>
public enum PostgresMode
{
    /// <summary>A PostgreSQL container started by the AppHost (needs Docker or Podman).</summary>
    Container,

    /// <summary>The machine's PostgreSQL server binaries run by the AppHost on 127.0.0.1, with a throwaway data directory.</summary>
    Local,

    /// <summary>An existing server, given by its connection string; the AppHost starts nothing for it.</summary>
    External,
}
