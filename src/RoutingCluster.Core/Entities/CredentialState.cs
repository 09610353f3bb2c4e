using System.Collections.Immutable;
using RoutingCluster.Plans;

namespace RoutingCluster.Entities;

/// <summary>
/// Runtime state of one credential (API key or subscription profile). Limits are not stored here:
/// each command carries the declared limits of the current config, so a reload applies at once.
/// </summary>
/// <param name="Windows">Usage per rate window, by window name.</param>
/// <param name="Leases">Attempts in flight (concurrency slots and token reservations).</param>
/// <param name="CooldownUntil">Set by a 429 or by learned headers saying the key is exhausted.</param>
/// <param name="DisabledFingerprint">Set by a 401/403 to the credential's fingerprint at the time: the key
/// stays disabled while the config still declares the same key.</param>
/// <param name="Released">Lease ids settled before their acquire arrived (the caller gave up waiting): a late
/// acquire of one of them is refused, so it cannot hold a slot nobody will settle.</param>
/// <param name="Plan">A subscription profile's plan figures (null for an API key, or before anything was heard).</param>
[GenerateSerializer]
[Immutable]
public sealed record CredentialState(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<WindowUsage> Windows,
    [property: Id(2)] ImmutableArray<Lease> Leases,
    [property: Id(3)] DateTimeOffset? CooldownUntil,
    [property: Id(4)] string? CooldownReason,
    [property: Id(5)] BreakerState Breaker,
    [property: Id(6)] HealthState Health,
    [property: Id(7)] RateLimitObservation Learned,
    [property: Id(8)] string? DisabledFingerprint,
    [property: Id(9)] string? DisabledReason,
    [property: Id(10)] ImmutableArray<LeaseTombstone> Released,
    [property: Id(11)] PlanState? Plan = null) : IEntityState<CredentialState>
{
    public static CredentialState Initial { get; } =
        new(0, [], [], null, null, BreakerState.Closed, HealthState.Unknown, RateLimitObservation.Empty, null, null, []);

    public CredentialState WithVersion(long version) => this with { Version = version };

    public bool IsDisabled(string fingerprint) => DisabledFingerprint is not null && DisabledFingerprint == fingerprint;

    /// <summary>Usage of each declared window, pruned to <paramref name="now"/>, in the order of <paramref name="limits"/>.</summary>
    /// <remarks>Returns <see cref="Windows"/> itself when it already is exactly that (nothing to add, drop or prune).</remarks>
    public ImmutableArray<WindowUsage> WindowsFor(CredentialLimits limits, DateTimeOffset now)
    {
        if (AlreadyAligned(limits, now))
        {
            return Windows;
        }

        var builder = ImmutableArray.CreateBuilder<WindowUsage>(limits.Windows.Count);
        foreach (var limit in limits.Windows)
        {
            var usage = Windows.FirstOrDefault(w => w.Name == limit.Name && w.Span == limit.Span) ?? WindowUsage.Empty(limit);
            builder.Add(usage.Prune(now));
        }

        return builder.MoveToImmutable();
    }

    private bool AlreadyAligned(CredentialLimits limits, DateTimeOffset now)
    {
        if (Windows.Length != limits.Windows.Count)
        {
            return false;
        }

        for (var i = 0; i < Windows.Length; i++)
        {
            var usage = Windows[i];
            var limit = limits.Windows[i];

            // The lookup below takes the first window of that name and span: an earlier duplicate would win.
            for (var j = 0; j < i; j++)
            {
                if (Windows[j].Name == limit.Name && Windows[j].Span == limit.Span)
                {
                    return false;
                }
            }

            if (usage.Name != limit.Name || usage.Span != limit.Span || !ReferenceEquals(usage.Prune(now), usage))
            {
                return false;
            }
        }

        return true;
    }
}
