using System.Collections.Immutable;
using System.Globalization;

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
        };
        var cleared = new CredentialReset(
            cooling ? state.CooldownUntil : null,
            cooling ? state.CooldownReason : null,
            disabled ? state.DisabledReason : null,
            breaker == BreakerPhase.Closed ? null : breaker,
            !state.Learned.IsEmpty,
            Check(next, policy, 0, now));
        return new(next, cleared);
    }

    /// <summary>
    /// Folds what a node recorded on its own while the shared store was unreachable into the shared
    /// state: window usage is added bucket by bucket, the later cooldown wins, and a key disabled
    /// locally stays disabled. Leases stay where they were taken.
    /// </summary>
    public static Transition<CredentialState, bool> Absorb(CredentialState state, CredentialState local, DateTimeOffset now)
    {
        var windows = state.Windows;
        foreach (var localWindow in local.Windows)
        {
            var index = windows.IndexOf(windows.FirstOrDefault(w => w.Name == localWindow.Name && w.Span == localWindow.Span)!);
            if (index < 0)
            {
                windows = windows.Add(localWindow.Prune(now));
                continue;
            }

            var merged = windows[index];
            foreach (var bucket in localWindow.Prune(now).Buckets)
            {
                merged = merged.AddToBucket(bucket);
            }

            windows = windows.SetItem(index, merged);
        }

        state = state with { Windows = windows };
        if (local.CooldownUntil is { } until && (state.CooldownUntil is not { } shared || until > shared))
        {
            state = state with { CooldownUntil = until, CooldownReason = local.CooldownReason };
        }

        if (local.DisabledFingerprint is not null)
        {
            state = state with { DisabledFingerprint = local.DisabledFingerprint, DisabledReason = local.DisabledReason };
        }

        return new(state, true);
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

        return new CredentialView(refusal, Headroom(state, policy.Limits, now), state.Leases.Length, state.Health);
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
    private static double Headroom(CredentialState state, CredentialLimits limits, DateTimeOffset now)
    {
        var fraction = 1.0;
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

    /// <summary>Drops expired leases (and their probe slots) and aligns window usage with the declared windows.</summary>
    /// <remarks>Returns <paramref name="state"/> itself when nothing expired and the windows already match (the common case).</remarks>
    private static CredentialState Tidy(CredentialState state, CredentialLimits limits, DateTimeOffset now)
    {
        var leases = AnyExpired(state.Leases, now) ? WithoutExpired(state.Leases, now) : state.Leases;
        var windows = state.WindowsFor(limits, now);
        return leases == state.Leases && windows == state.Windows ? state : state with { Leases = leases, Windows = windows };
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
