using System.Collections.Immutable;

namespace RoutingCluster.Entities;

/// <summary>
/// Owns every transition of <see cref="BreakerState"/>: closed -> open on consecutive failures or on
/// a failure ratio over the sampling window (with a minimum throughput), open -> half-open after the
/// break, half-open -> closed on a successful probe or back to open on a failed one.
/// </summary>
public static class BreakerController
{
    private const int SampleBuckets = 10;

    public static (BreakerState State, BreakerAdmission Admission, DateTimeOffset? RetryAt) Admit(
        BreakerState state, string leaseId, DateTimeOffset leaseExpiry, BreakerOptions options, DateTimeOffset now)
    {
        state = ExpireProbes(state, now);
        switch (state.PhaseAt(now))
        {
            case BreakerPhase.Closed:
                return (state, BreakerAdmission.Allowed, null);
            case BreakerPhase.Open:
                return (state, BreakerAdmission.Refused, state.OpenUntil);
            default:
                if (state.Probes.Length >= options.HalfOpenProbes)
                {
                    return (state with { Phase = BreakerPhase.HalfOpen }, BreakerAdmission.Refused, state.Probes.Min(p => p.ExpiresAt));
                }

                var probing = state with { Phase = BreakerPhase.HalfOpen, Probes = state.Probes.Add(new ProbeSlot(leaseId, leaseExpiry)) };
                return (probing, BreakerAdmission.Probe, null);
        }
    }

    /// <summary>What the admission check would say, without taking a probe slot (for ranking).</summary>
    public static (bool Available, DateTimeOffset? RetryAt) Peek(BreakerState state, BreakerOptions options, DateTimeOffset now)
    {
        state = ExpireProbes(state, now);
        return state.PhaseAt(now) switch
        {
            BreakerPhase.Closed => (true, null),
            BreakerPhase.Open => (false, state.OpenUntil),
            _ => state.Probes.Length < options.HalfOpenProbes ? (true, null) : (false, state.Probes.Min(p => p.ExpiresAt)),
        };
    }

    /// <summary>Gives back a probe slot taken by an admission that was then not used.</summary>
    public static BreakerState Cancel(BreakerState state, string leaseId) =>
        HoldsProbe(state, leaseId) ? state with { Probes = WithoutProbe(state.Probes, leaseId) } : state;

    public static BreakerState Record(BreakerState state, string leaseId, OutcomeKind outcome, BreakerOptions options, DateTimeOffset now)
    {
        var wasProbe = HoldsProbe(state, leaseId);
        state = ExpireProbes(Cancel(state, leaseId), now);
        var failed = outcome.CountsAsFailure();
        if (!failed && outcome != OutcomeKind.Success)
        {
            return state;
        }

        if (wasProbe || state.PhaseAt(now) == BreakerPhase.HalfOpen)
        {
            return failed ? Open(state, options, now) : BreakerState.Closed;
        }

        if (state.Phase == BreakerPhase.Open)
        {
            // A late result of an attempt admitted before the breaker opened changes nothing.
            return state;
        }

        state = AddSample(state, failed, options, now);
        state = state with { ConsecutiveFailures = failed ? state.ConsecutiveFailures + 1 : 0 };
        return ShouldOpen(state, options) ? Open(state, options, now) : state;
    }

    private static bool ShouldOpen(BreakerState state, BreakerOptions options)
    {
        if (state.ConsecutiveFailures >= options.ConsecutiveFailures)
        {
            return true;
        }

        var failures = state.Samples.Sum(b => b.Failures);
        var total = failures + state.Samples.Sum(b => b.Successes);
        return total >= options.MinimumThroughput && failures >= options.FailureRatio * total;
    }

    private static BreakerState Open(BreakerState state, BreakerOptions options, DateTimeOffset now) =>
        new(BreakerPhase.Open, 0, now + options.BreakDuration, state.Probes, []);

    private static BreakerState AddSample(BreakerState state, bool failed, BreakerOptions options, DateTimeOffset now)
    {
        var bucketTicks = Math.Max(1, options.SamplingWindow.Ticks / SampleBuckets);
        var index = now.UtcTicks / bucketTicks;
        var samples = state.Samples.RemoveAll(b => b.Index <= index - SampleBuckets);
        var last = samples.Length > 0 ? samples[^1] : null;
        if (last?.Index == index)
        {
            var updated = failed ? last with { Failures = last.Failures + 1 } : last with { Successes = last.Successes + 1 };
            samples = samples.SetItem(samples.Length - 1, updated);
        }
        else
        {
            samples = samples.Add(new OutcomeBucket(index, failed ? 0 : 1, failed ? 1 : 0));
        }

        return state with { Samples = samples };
    }

    // Loops rather than lambdas: these run on every attempt, nearly always over no probes at all.
    private static BreakerState ExpireProbes(BreakerState state, DateTimeOffset now) =>
        AnyProbeExpired(state, now) ? state with { Probes = WithoutExpired(state.Probes, now) } : state;

    // The lambdas live in their own methods so that their captured arguments are only allocated when used.
    private static ImmutableArray<ProbeSlot> WithoutProbe(ImmutableArray<ProbeSlot> probes, string leaseId) =>
        probes.RemoveAll(p => p.LeaseId == leaseId);

    private static ImmutableArray<ProbeSlot> WithoutExpired(ImmutableArray<ProbeSlot> probes, DateTimeOffset now) =>
        probes.RemoveAll(p => p.ExpiresAt <= now);

    private static bool AnyProbeExpired(BreakerState state, DateTimeOffset now)
    {
        foreach (var probe in state.Probes)
        {
            if (probe.ExpiresAt <= now)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HoldsProbe(BreakerState state, string leaseId)
    {
        foreach (var probe in state.Probes)
        {
            if (probe.LeaseId == leaseId)
            {
                return true;
            }
        }

        return false;
    }
}
