using RoutingCluster.Testing.Contracts;

namespace RoutingCluster.Entities.Tests;

/// <summary>The entity store contract on the embedded, single-node store.</summary>
public sealed class MemoryEntityStoreContractTests : EntityStoreContract
{
    private MemoryEntityStore? _store;
    private TimeProvider? _time;

    /// <summary>
    /// One node, one store: every "node" of a test is a handle on the same in-process store, which
    /// is what several callers inside one gateway process share.
    /// </summary>
    protected override Task<IEntityStore> CreateStoreAsync(TimeProvider time)
    {
        if (_store is null)
        {
            (_store, _time) = (new MemoryEntityStore(time), time);
        }
        else if (!ReferenceEquals(_time, time))
        {
            throw new InvalidOperationException("A memory store has one clock; create every handle with the same TimeProvider.");
        }

        return Task.FromResult<IEntityStore>(_store);
    }
}
