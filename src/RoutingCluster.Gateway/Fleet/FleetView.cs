using System.Collections.Concurrent;
using RoutingCluster.Entities;
using RoutingCluster.Grains.Fleet;

namespace RoutingCluster.Gateway.Fleet;

/// <summary>
/// This node's picture of every credential and provider, read synchronously to rank candidates.
/// Fed by the answers of this node's own grain calls, by the grains' pushes (observers) and by the
/// <see cref="FleetWatcher"/>'s periodic refresh; a state older than the one held (by version) is
/// ignored, so a late push cannot roll the picture back. Ranking only orders and skips candidates:
/// the acquire on the grain decides, so a stale picture costs an extra call, never a wrong admit.
/// </summary>
public sealed class FleetView : IFleetObserver
{
    private readonly ConcurrentDictionary<string, CredentialState> _credentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProviderState> _providers = new(StringComparer.Ordinal);

    public CredentialState Credential(string id) => _credentials.TryGetValue(id, out var state) ? state : CredentialState.Initial;

    public ProviderState Provider(string id) => _providers.TryGetValue(id, out var state) ? state : ProviderState.Initial;

    public void Update(string id, CredentialState state) => Keep(_credentials, id, state);

    public void Update(string id, ProviderState state) => Keep(_providers, id, state);

    Task IFleetObserver.CredentialChanged(string credentialId, CredentialState state)
    {
        Update(credentialId, state);
        return Task.CompletedTask;
    }

    Task IFleetObserver.ProviderChanged(string providerId, ProviderState state)
    {
        Update(providerId, state);
        return Task.CompletedTask;
    }

    private static void Keep<TState>(ConcurrentDictionary<string, TState> states, string id, TState state)
        where TState : class, IEntityState<TState>
    {
        while (true)
        {
            if (!states.TryGetValue(id, out var held))
            {
                if (states.TryAdd(id, state))
                {
                    return;
                }

                continue;
            }

            if (held.Version >= state.Version || states.TryUpdate(id, state, held))
            {
                return;
            }
        }
    }
}
