using System.Collections.Concurrent;

namespace RoutingCluster.Gateway.Fleet;

/// <summary>
/// The leases this node holds right now, per credential: taken at a granted acquire, dropped when
/// its settle goes out. The <see cref="FleetWatcher"/> reports them to each credential grain, so a
/// grain recovered after a crash knows within one refresh which of its slots are still in use.
/// </summary>
public sealed class HeldLeases
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _held = new(StringComparer.Ordinal);

    public void Add(string credentialId, string leaseId) =>
        _held.GetOrAdd(credentialId, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(leaseId, 0);

    public void Remove(string credentialId, string leaseId)
    {
        if (_held.TryGetValue(credentialId, out var leases))
        {
            leases.TryRemove(leaseId, out _);
        }
    }

    public IReadOnlyCollection<string> Of(string credentialId) =>
        _held.TryGetValue(credentialId, out var leases) && !leases.IsEmpty ? [.. leases.Keys] : [];
}
