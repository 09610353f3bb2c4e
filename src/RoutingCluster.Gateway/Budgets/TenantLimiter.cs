using RoutingCluster.Entities;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>
/// A tenant's rpm, tpm and concurrency across the cluster: one lease per request on the tenant's
/// limiter grain (<see cref="TenantLimiting"/>), taken before any candidate is tried and settled
/// once the request ends, with the tokens the served attempt used. A tenant that declares no limit
/// makes no call here at all.
/// </summary>
public sealed class TenantLimiter(FleetGrains grains, ILogger<TenantLimiter> logger)
{
    private static readonly CooldownPolicy NoCooldown = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <returns>Null when the lease is held; otherwise the failure to answer the client with.</returns>
    internal async Task<RouteFailure?> AcquireAsync(RouteRequest request, string leaseId, TimeSpan leaseTtl, string? node, DateTimeOffset now)
    {
        var tenant = request.Tenant;
        var timeout = request.Config.Cluster.GrainCallTimeout;
        var reserved = request.Plan.SelectMany(s => s.Candidates).Select(c => c.ReservedTokens).DefaultIfEmpty(0).Max();
        var command = new AcquireCommand(leaseId, reserved, leaseTtl, TenantLimiting.Policy(tenant), node);
        AcquireResult result;
        try
        {
            result = (await Grain(tenant).Acquire(command).AsTask().WaitAsync(timeout)).Result;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            Log.AcquireUnknown(logger, TenantLimiting.GrainKey(tenant.Id), e.GetType().Name);
            _ = SettleAsync(request, leaseId, tokens: 0);
            return new RouteFailure(RouteFailureKind.Unavailable, $"The rate limiter of tenant `{tenant.Id}` did not answer in {timeout.TotalSeconds:0.#}s; retry.",
                TimeSpan.FromSeconds(1), "tenant_limiter_unavailable");
        }

        if (result.Granted)
        {
            return null;
        }

        var refusal = result.Refusal;
        if (refusal.Kind == RefusalKind.Unavailable)
        {
            return new RouteFailure(RouteFailureKind.Unavailable, $"The rate limiter of tenant `{tenant.Id}` could not decide: {refusal.Detail}; retry.", TimeSpan.FromSeconds(1), "tenant_limiter_unavailable");
        }

        var wait = refusal.RetryAt is { } at && at > now ? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((at - now).TotalSeconds))) : TimeSpan.FromSeconds(1);
        return new RouteFailure(RouteFailureKind.RateLimited,
            $"Tenant `{tenant.Id}` is at its rate limit: {refusal.Detail}; retry after {wait.TotalSeconds:0}s.", wait, "rate_limit_exceeded");
    }

    /// <param name="tokens">Tokens the request used; null when it was answered without reporting usage (its reservation counts).</param>
    /// <remarks>Settled as a success whatever the upstreams did: the limiter's breaker and cooldown never move. Never throws.</remarks>
    internal async Task SettleAsync(RouteRequest request, string leaseId, long? tokens)
    {
        var tenant = request.Tenant;
        try
        {
            var outcome = new AttemptOutcome(OutcomeKind.Success, Tokens: tokens);
            await Grain(tenant).Settle(new SettleCommand(leaseId, outcome, TenantLimiting.Policy(tenant), NoCooldown)).AsTask().WaitAsync(request.Config.Cluster.GrainCallTimeout);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            Log.TenantSettleFailed(logger, tenant.Id, e.GetType().Name);
        }
    }

    private ICredentialGrain Grain(TenantDefinition tenant) => grains.Credential(TenantLimiting.GrainKey(tenant.Id));
}
