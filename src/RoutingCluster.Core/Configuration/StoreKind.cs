namespace RoutingCluster.Configuration;

/// <summary>Where membership and grain state live (memory: one embedded silo; postgres: a cluster); YAML spells it as in <see cref="StoreKinds"/>.</summary>
public enum StoreKind
{
    /// <summary>In this process only: state is lost on restart and not shared between nodes.</summary>
    Memory,
    Postgres,
}
