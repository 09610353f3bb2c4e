using System.Collections.Immutable;
using System.Globalization;
using RoutingCluster.Plans;

namespace RoutingCluster.Entities;

/// <summary>
/// The pure transitions of a credential entity. Every one first drops expired leases and stale
/// window buckets, so a lease lost with its node is reclaimed by whichever transition comes next.
/// </summary>
public static class CredentialTransitions
{
    public static Transition<CredentialState, AcquireResult> Acquire(CredentialState state, AcquireCommand command, DateTimeOffset now)
    {
        var policy = command.Policy;
        state = Tidy(state, policy.Limits, now);
        if (Find(state.Leases, command.LeaseId) is { } held)
        {
            // The same acquire delivered twice: it holds one slot, not two.
            return new(state, AcquireResult.Grant(held));
        }

        if (IsReleased(state.Released, command.LeaseId))
        {
            return new(state, AcquireResult.Refuse(new Refusal(RefusalKind.Unavailable, null, "lease already released by its caller")));
        }

        if (Check(state, policy, command.ReservedTokens, now) is { } refusal)
        {
            return new(state, AcquireResult.Refuse(refusal));
        }

        var expires = now + command.LeaseTtl;
        var (breaker, admission, retryAt) = BreakerController.Admit(state.Breaker, command.LeaseId, expires, policy.Breaker, now);
        if (admission == BreakerAdmission.Refused)
        {
            return new(state with { Breaker = breaker }, AcquireResult.Refuse(BreakerRefusal(retryAt)));
        }

        var lease = new Lease(command.LeaseId, now, expires, command.ReservedTokens, admission == BreakerAdmission.Probe, command.Node);
        var windows = Counted(state.Windows, now, 1, command.ReservedTokens);
        var next = state with { Windows = windows, Leases = state.Leases.Add(lease), Breaker = breaker };
        return new(next, AcquireResult.Grant(lease));
    }

    public static Transition<CredentialState, bool> Settle(CredentialState state, SettleCommand command, DateTimeOffset now)
    {
        var policy = command.Policy;
        var lease = Find(state.Leases, command.LeaseId);
        state = Tidy(state, policy.Limits, now);
        var outcome = command.Outcome;
        if (lease is not null)
        {
            var actual = outcome.Tokens ?? (outcome.Kind == OutcomeKind.Success ? lease.ReservedTokens : 0);
            var correction = actual - lease.ReservedTokens;
            state = state with
            {
                Leases = state.Leases.RemoveAll(l => l.Id == lease.Id),
                Windows = correction == 0 ? state.Windows : Counted(state.Windows, lease.AcquiredAt, 0, correction),
            };
        }
        else
        {
            state = ForgetUnknown(state, command.LeaseId, now);
        }

        state = state with
        {
            Breaker = BreakerController.Record(state.Breaker, command.LeaseId, outcome.Kind, policy.Breaker, now),
            Health = state.Health.Record(outcome),
        };
        state = Learn(state, outcome, command.Cooldown, now);
        if (outcome.Kind == OutcomeKind.AuthFailed)
        {
            var status = outcome.Status?.ToString(CultureInfo.InvariantCulture) ?? "auth";
            state = state with { DisabledFingerprint = policy.Fingerprint, DisabledReason = $"upstream answered {status}; fix the key in the config" };
        }

        return new(state, lease is not null);
    }

    /// <summary>
    /// Releases every lease held by a node declared dead: its concurrency slots and probe slots come
    /// back at once instead of at lease expiry. Token reservations stay counted (the requests did go out).
    /// </summary>
    /// <returns>How many leases were released.</returns>
    public static Transition<CredentialState, int> ReleaseNode(CredentialState state, string node, DateTimeOffset now)
    {
        var held = state.Leases.Where(l => l.Node == node).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        if (held.Count == 0)
        {
            return new(state, 0);
        }

        var breaker = state.Breaker with { Probes = state.Breaker.Probes.RemoveAll(p => held.Contains(p.LeaseId)) };
        return new(state with { Leases = state.Leases.RemoveAll(l => held.Contains(l.Id)), Breaker = breaker }, held.Count);
    }

    /// <summary>
    /// The operator's reset: clears the cooldown, the disabled mark, the credential's own breaker and
    /// what was learned from headers, so the key is tried again at once. Window usage the gateway
    /// counted itself and leases in flight stay: they are facts, not verdicts.
    /// </summary>
    /// <returns>What was cleared, and what would still refuse an acquire now.</returns>
    public static Transition<CredentialState, CredentialReset> Reset(CredentialState state, CredentialPolicy policy, DateTimeOffset now)
    {
        state = Tidy(state, policy.Limits, now);
        var cooling = state.CooldownUntil > now;
        var breaker = state.Breaker.PhaseAt(now);
        var disabled = state.IsDisabled(policy.Fingerprint);
        var next = state with
        {
            CooldownUntil = null,
            CooldownReason = null,
            DisabledFingerprint = null,
            DisabledReason = null,
            Breaker = BreakerState.Closed,
            Learned = RateLimitObservation.Empty,
            Plan = state.Plan is { } plan ? PlanState.Empty with { LastProbeAt = plan.LastProbeAt } : null,
        };
        var cleared = new CredentialReset(
            cooling ? state.CooldownUntil : null,
            cooling ? state.CooldownReason : null,
            disabled ? state.DisabledReason : null,
            breaker == BreakerPhase.Closed ? null : breaker,
            !state.Learned.IsEmpty || state.Plan is { Windows.IsEmpty: false },
            Check(next, policy, 0, now));
        return new(next, cleared);
    }

    /// <summary>
    /// The state a grain starts from after its last activation ended without a clean checkpoint (its
    /// silo crashed, or was declared dead): everything the allowance permitted is counted as spent
    /// now (later than any real admit, so it stays counted at least as long), and every concurrency
    /// slot not held by a known lease is held by an unknown one until it is settled or its TTL ends.
    /// The key may be under-used for one window; it is never over-admitted.
    /// </summary>
    public static CredentialState Recover(CredentialCheckpoint checkpoint, DateTimeOffset now)
    {
        var state = checkpoint.State;
        if (checkpoint.Clean)
        {
            return state;
        }

        var allowance = checkpoint.Allowance;
        var windows = allowance.Requests == 0 && allowance.Tokens == 0 ? state.Windows : Counted(state.Windows, now, allowance.Requests, allowance.Tokens);
        var leases = WithoutExpired(state.Leases, now);
        var unknown = Math.Max(0, (checkpoint.Concurrency ?? 0) - leases.Length);
        var builder = leases.ToBuilder();
        for (var i = 0; i < unknown; i++)
        {
            builder.Add(new Lease($"{Lease.RecoveredPrefix}{i}", now, now + checkpoint.LeaseTtl, 0, false));
        }

        return state with { Windows = windows, Leases = builder.ToImmutable() };
    }

    /// <summary>
    /// A live node's report, after a recovery, of the leases it holds on this credential: each one
    /// not known here is adopted (its holder will settle it) in place of one slot held for unknown
    /// leases. Once every live node has reported, <see cref="DropRecovered"/> gives back the rest.
    /// </summary>
    /// <returns>How many leases were adopted.</returns>
    public static Transition<CredentialState, int> Adopt(CredentialState state, string node, IReadOnlyCollection<string> held, TimeSpan leaseTtl, DateTimeOffset now)
    {
        var adopted = 0;
        foreach (var id in held)
        {
            if (Find(state.Leases, id) is not null || IsReleased(state.Released, id))
            {
                continue;
            }

            var leases = state.Leases;
            var recovered = leases.FirstOrDefault(l => l.Id.StartsWith(Lease.RecoveredPrefix, StringComparison.Ordinal));
            if (recovered is not null)
            {
                leases = leases.Remove(recovered);
            }

            state = state with { Leases = leases.Add(new Lease(id, now, now + leaseTtl, 0, false, node)) };
            adopted++;
        }

        return new(state, adopted);
    }

    /// <summary>Every live node has said what it holds: the slots still held for unknown leases belonged to none of them.</summary>
    /// <returns>How many slots came back.</returns>
    public static Transition<CredentialState, int> DropRecovered(CredentialState state)
    {
        var dropped = state.Leases.RemoveAll(l => l.Id.StartsWith(Lease.RecoveredPrefix, StringComparison.Ordinal));
        return dropped.Length == state.Leases.Length ? new(state, 0) : new(state with { Leases = dropped }, state.Leases.Length - dropped.Length);
    }

    /// <summary>What an acquire would answer now, without changing anything (for ranking and reporting).</summary>
    public static CredentialView View(CredentialState state, CredentialPolicy policy, long reservedTokens, DateTimeOffset now)
    {
        state = Tidy(state, policy.Limits, now);
        var refusal = Check(state, policy, reservedTokens, now);
        if (refusal is null)
        {
            var (available, retryAt) = BreakerController.Peek(state.Breaker, policy.Breaker, now);
            refusal = available ? null : BreakerRefusal(retryAt);
        }

        return new CredentialView(refusal, Headroom(state, policy, now), state.Leases.Length, state.Health);
    }

    private static Refusal BreakerRefusal(DateTimeOffset? retryAt) =>
        new(RefusalKind.BreakerOpen, retryAt, retryAt is { } at ? $"breaker open until {at:HH:mm:ss}" : "breaker half-open, probe in flight");

    private static Refusal? Check(CredentialState state, CredentialPolicy policy, long reservedTokens, DateTimeOffset now)
    {
        if (state.IsDisabled(policy.Fingerprint))
        {
            return new Refusal(RefusalKind.Disabled, null, $"disabled: {state.DisabledReason}");
        }

        if (state.CooldownUntil is { } until && until > now)
        {
            return new Refusal(RefusalKind.CoolingDown, until, $"cooling down until {until:HH:mm:ss} ({state.CooldownReason})");
        }

        if (policy.Plan is { } plan && state.Plan is { } figures && PlanTransitions.Check(figures, plan, now) is { } planRefusal)
        {
            return planRefusal;
        }

        var limits = policy.Limits;
        if (limits.Concurrency is { } concurrency && state.Leases.Length >= concurrency)
        {
            var soonest = state.Leases.Min(l => l.ExpiresAt);
            return new Refusal(RefusalKind.ConcurrencyFull, soonest, $"{state.Leases.Length}/{concurrency} requests in flight");
        }

        for (var i = 0; i < limits.Windows.Count; i++)
        {
            var limit = limits.Windows[i];
            var usage = state.Windows[i];
            if (limit.Tokens is { } maxTokens && reservedTokens > maxTokens)
            {
                return new Refusal(RefusalKind.TooLargeForWindow, null, $"needs {reservedTokens} tokens, window {limit.Name} allows {maxTokens}");
            }

            var overRequests = limit.Requests is { } maxRequests && usage.Requests + 1 > maxRequests;
            var overTokens = limit.Tokens is { } tokenLimit && usage.Tokens + reservedTokens > tokenLimit;
            if (overRequests || overTokens)
            {
                var what = overRequests ? $"{usage.Requests}/{limit.Requests} requests" : $"{usage.Tokens}/{limit.Tokens} tokens";
                return new Refusal(RefusalKind.WindowExhausted, usage.NextRelease, $"window {limit.Name} spent ({what})");
            }
        }

        return null;
    }

    /// <summary>Smallest remaining fraction across every declared limit (1 when nothing is declared or used).</summary>
    private static double Headroom(CredentialState state, CredentialPolicy policy, DateTimeOffset now)
    {
        var limits = policy.Limits;
        var fraction = policy.Plan is { } plan ? PlanTransitions.Headroom(state.Plan, plan, now) : 1.0;
        if (limits.Concurrency is { } concurrency)
        {
            fraction = Math.Min(fraction, 1.0 - ((double)state.Leases.Length / concurrency));
        }

        for (var i = 0; i < limits.Windows.Count; i++)
        {
            var limit = limits.Windows[i];
            var usage = state.Windows[i];
            if (limit.Requests is { } requests)
            {
                fraction = Math.Min(fraction, 1.0 - ((double)usage.Requests / requests));
            }

            if (limit.Tokens is { } tokens)
            {
                fraction = Math.Min(fraction, 1.0 - ((double)usage.Tokens / tokens));
            }
        }

        // A learned "remaining" only holds until its reset: past it the upstream window has refilled,
        // and a stale low count would keep ranking the key last until it happened to be picked again.
        if (state.Learned is { RemainingRequests: { } remaining, LimitRequests: { } learnedLimit } && learnedLimit > 0
            && !(state.Learned.RequestsResetAt <= now))
        {
            fraction = Math.Min(fraction, (double)remaining / learnedLimit);
        }

        return Math.Clamp(fraction, 0, 1);
    }

    private static CredentialState Learn(CredentialState state, AttemptOutcome outcome, CooldownPolicy cooldowns, DateTimeOffset now)
    {
        var observed = outcome.RateLimits ?? RateLimitObservation.Empty;
        if (observed.Plan is { } plan)
        {
            state = LearnPlan(state, plan, PlanSource.Learned, now);
            observed = observed with { Plan = null };
        }

        if (!observed.IsEmpty)
        {
            state = state with { Learned = cooldowns.Cap(observed, now) };
        }

        if (cooldowns.Decide(observed, outcome.Kind, now) is { } cooldown
            && (state.CooldownUntil is not { } current || cooldown.Until > current))
        {
            state = state with { CooldownUntil = cooldown.Until, CooldownReason = cooldown.Reason };
        }

        return state;
    }

    /// <summary>
    /// A profile's heartbeat is starting a probe: recorded first, so that whatever comes of it no
    /// second probe goes out within the interval.
    /// </summary>
    public static CredentialState ProbeStarted(CredentialState state, DateTimeOffset now) =>
        state with { Plan = (state.Plan ?? PlanState.Empty) with { LastProbeAt = now } };

    /// <summary>What a profile's heartbeat probe heard of the plan; a refusal cools the profile down until the plan's reset.</summary>
    public static CredentialState Probed(CredentialState state, PlanObservation observed, DateTimeOffset now) =>
        LearnPlan(state, observed, PlanSource.Heartbeat, now);

    /// <summary>The plan's figures learned; a plan that refused (status rejected, or <c>usage_limit_reached</c>) cools the profile down until it resets.</summary>
    private static CredentialState LearnPlan(CredentialState state, PlanObservation observed, PlanSource source, DateTimeOffset now)
    {
        state = state with { Plan = PlanTransitions.Learn(state.Plan ?? PlanState.Empty, observed, source, now) };
        if (observed.LimitReached && PlanTransitions.RefusedUntil(observed, now) is { } until && (state.CooldownUntil is not { } current || until > current))
        {
            state = state with { CooldownUntil = until, CooldownReason = "the plan's usage limit was reached" };
        }

        return state;
    }

    /// <summary>Drops expired leases (and their probe slots) and aligns window usage with the declared windows.</summary>
    /// <remarks>Returns <paramref name="state"/> itself when nothing expired and the windows already match (the common case).</remarks>
    private static CredentialState Tidy(CredentialState state, CredentialLimits limits, DateTimeOffset now)
    {
        var leases = AnyExpired(state.Leases, now) ? WithoutExpired(state.Leases, now) : state.Leases;
        var windows = state.WindowsFor(limits, now);
        var released = !state.Released.IsEmpty && state.Released[0].ExpiresAt <= now ? WithoutExpired(state.Released, now) : state.Released;
        return leases == state.Leases && windows == state.Windows && released == state.Released
            ? state
            : state with { Leases = leases, Windows = windows, Released = released };
    }

    /// <summary>Every window with <paramref name="requests"/> and <paramref name="tokens"/> added to the bucket of <paramref name="time"/>.</summary>
    private static ImmutableArray<WindowUsage> Counted(ImmutableArray<WindowUsage> windows, DateTimeOffset time, long requests, long tokens)
    {
        if (windows.IsEmpty)
        {
            return windows;
        }

        var builder = ImmutableArray.CreateBuilder<WindowUsage>(windows.Length);
        foreach (var window in windows)
        {
            builder.Add(window.Add(time, requests, tokens));
        }

        return builder.MoveToImmutable();
    }

    // Kept apart from Tidy so that the lambda's captured argument is only allocated when something did expire.
    private static ImmutableArray<Lease> WithoutExpired(ImmutableArray<Lease> leases, DateTimeOffset now) =>
        leases.RemoveAll(l => l.ExpiresAt <= now);

    private static ImmutableArray<LeaseTombstone> WithoutExpired(ImmutableArray<LeaseTombstone> released, DateTimeOffset now) =>
        released.RemoveAll(t => t.ExpiresAt <= now);

    private static bool AnyExpired(ImmutableArray<Lease> leases, DateTimeOffset now)
    {
        foreach (var lease in leases)
        {
            if (lease.ExpiresAt <= now)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How long a released-before-acquired lease id is remembered: longer than any acquire can be in transit.</summary>
    public static readonly TimeSpan TombstoneLife = TimeSpan.FromMinutes(5);

    /// <summary>At most this many tombstones are kept; the oldest go first.</summary>
    public const int MaxTombstones = 256;

    /// <summary>
    /// A settle of a lease this state does not hold: either it was taken by an activation that crashed
    /// (one of the unknown slots held since recovery is freed), or its acquire is still in transit
    /// (remember the id, so the acquire is refused when it arrives).
    /// </summary>
    private static CredentialState ForgetUnknown(CredentialState state, string leaseId, DateTimeOffset now)
    {
        foreach (var lease in state.Leases)
        {
            if (lease.Id.StartsWith(Lease.RecoveredPrefix, StringComparison.Ordinal))
            {
                return state with { Leases = state.Leases.Remove(lease) };
            }
        }

        var released = state.Released.Length >= MaxTombstones ? state.Released.RemoveAt(0) : state.Released;
        return state with { Released = released.Add(new LeaseTombstone(leaseId, now + TombstoneLife)) };
    }

    private static bool IsReleased(ImmutableArray<LeaseTombstone> released, string leaseId)
    {
        foreach (var tombstone in released)
        {
            if (tombstone.LeaseId == leaseId)
            {
                return true;
            }
        }

        return false;
    }

    private static Lease? Find(ImmutableArray<Lease> leases, string id)
    {
        foreach (var lease in leases)
        {
            if (lease.Id == id)
            {
                return lease;
            }
        }

        return null;
    }
}
