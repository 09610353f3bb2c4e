using System.Collections.Immutable;
using RoutingCluster.Entities;
using Xunit;

namespace RoutingCluster.Testing.Contracts;

/// <summary>
/// Field-by-field equality of entity states. Record equality is not enough: an
/// <see cref="ImmutableArray{T}"/> compares by array reference, so a state that went through
/// JSON never equals the original even when every element does.
/// </summary>
public static class EntityStateAssert
{
    public static void Equivalent(CredentialState expected, CredentialState actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Windows.Length, actual.Windows.Length);
        for (var i = 0; i < expected.Windows.Length; i++)
        {
            var (want, got) = (expected.Windows[i], actual.Windows[i]);
            Assert.Equal(want.Name, got.Name);
            Assert.Equal(want.Span, got.Span);
            Assert.Equal(want.Buckets.AsEnumerable(), got.Buckets.AsEnumerable());
        }

        Assert.Equal(expected.Leases.AsEnumerable(), actual.Leases.AsEnumerable());
        Assert.Equal(expected.CooldownUntil, actual.CooldownUntil);
        Assert.Equal(expected.CooldownReason, actual.CooldownReason);
        Equivalent(expected.Breaker, actual.Breaker);
        Assert.Equal(expected.Health, actual.Health);
        Assert.Equal(expected.Learned, actual.Learned);
        Assert.Equal(expected.DisabledFingerprint, actual.DisabledFingerprint);
        Assert.Equal(expected.DisabledReason, actual.DisabledReason);
    }

    public static void Equivalent(ProviderState expected, ProviderState actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Equivalent(expected.Breaker, actual.Breaker);
        Assert.Equal(expected.Health, actual.Health);
    }

    public static void Equivalent(BreakerState expected, BreakerState actual)
    {
        Assert.Equal(expected.Phase, actual.Phase);
        Assert.Equal(expected.ConsecutiveFailures, actual.ConsecutiveFailures);
        Assert.Equal(expected.OpenUntil, actual.OpenUntil);
        Assert.Equal(expected.Probes.AsEnumerable(), actual.Probes.AsEnumerable());
        Assert.Equal(expected.Samples.AsEnumerable(), actual.Samples.AsEnumerable());
    }
}
