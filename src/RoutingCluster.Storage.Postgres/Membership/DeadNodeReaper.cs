using Microsoft.Extensions.Logging;
using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Entities;

namespace RoutingCluster.Storage.Postgres.Membership;

/// <summary>
/// The leader's sweep: declares dead every live node silent for longer than the dead-after span,
/// then hands back the concurrency and probe slots of every dead node not yet reaped, on every
/// credential. Each step is idempotent (release is a transition on the entity's row, and a node is
/// marked reaped only after all its leases are released), so a sweep cut short by an error or by a
/// lost leadership is simply finished by the next one, and an old leader that has not yet noticed
/// it lost the lock doing the same sweep at once does no harm.
/// </summary>
internal sealed class DeadNodeReaper(NodeRegistry registry, PostgresEntityStore store, string nodeId, ILogger logger)
{
    /// <returns>How many leases were released.</returns>
    public async Task<int> SweepAsync(DateTimeOffset now, TimeSpan deadAfter, CancellationToken cancellationToken)
    {
        var declared = await registry.DeclareDeadAsync(now - deadAfter, now, cancellationToken);
        if (declared.Count > 0)
        {
            MembershipLog.NodesDeclaredDead(logger, nodeId, deadAfter, string.Join(", ", declared));
        }

        var dead = await registry.UnreapedDeadAsync(cancellationToken);
        if (dead.Count == 0)
        {
            return 0;
        }

        var credentials = await store.ListIdsAsync(EntityKey.CredentialKind, cancellationToken);
        var released = 0;
        foreach (var credential in credentials)
        {
            // A read first spares the hot credential rows a write (and the acquires a lost race)
            // where no dead node holds anything; the release itself is the atomic transition.
            var state = await store.ReadAsync<CredentialState>(EntityKey.Credential(credential), cancellationToken);
            foreach (var node in dead.Where(n => state.Leases.Any(l => l.Node == n)))
            {
                released += await store.ReleaseNodeLeasesAsync(credential, node, cancellationToken);
            }
        }

        await registry.MarkReapedAsync(dead, cancellationToken);
        MembershipLog.LeasesReleased(logger, nodeId, released, string.Join(", ", dead), credentials.Count);
        return released;
    }
}
