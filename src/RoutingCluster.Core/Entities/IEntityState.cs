namespace RoutingCluster.Entities;

/// <summary>
/// The state of one entity: an immutable record changed only by transitions. <see cref="Version"/>
/// is bumped by the store on every write, so a store can detect a lost race (compare-and-swap).
/// </summary>
public interface IEntityState<TSelf>
    where TSelf : class, IEntityState<TSelf>
{
    /// <summary>The state of an entity never written before.</summary>
    static abstract TSelf Initial { get; }

    long Version { get; }

    /// <summary>The same state stamped with a new version; used by stores only.</summary>
    TSelf WithVersion(long version);
}
