using System.Collections.Concurrent;
using RoutingCluster.Grains.Budgets;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Grains.Providers;

namespace RoutingCluster.Gateway.Fleet;

/// <summary>
/// This node's references to the fleet's grains, one per key, made once and kept. A grain reference
/// stays valid wherever and however often its grain is activated, and making one resolves the grain
/// interface's type by reflection (profiled: about a twelfth of an embedded node's CPU under load
/// when made per call). The keys are config ids, so the cache is as large as the config.
/// </summary>
public sealed class FleetGrains(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, ICredentialGrain> _credentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IProviderGrain> _providers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IBudgetGrain> _budgets = new(StringComparer.Ordinal);

    /// <summary>A credential's grain, or a tenant limiter's (which is a credential grain keyed by the tenant).</summary>
    public ICredentialGrain Credential(string id) => _credentials.GetOrAdd(id, static (key, factory) => factory.GetGrain<ICredentialGrain>(key), grains);

    public IProviderGrain Provider(string id) => _providers.GetOrAdd(id, static (key, factory) => factory.GetGrain<IProviderGrain>(key), grains);

    public IBudgetGrain Budget(string id) => _budgets.GetOrAdd(id, static (key, factory) => factory.GetGrain<IBudgetGrain>(key), grains);
}
