using System.Collections.Immutable;
using System.Globalization;
using RoutingCluster.Entities;

namespace RoutingCluster.Plans;

/// <summary>
/// The pure transitions of a subscription profile's plan: learning figures from a response or a
/// probe, and deciding whether the profile takes new work. A window at or above its
/// <c>switchAt</c> refuses until its reset; past the reset its figure no longer holds (the window
/// refilled) and the profile serves again.
/// </summary>
public static class PlanTransitions
{
    /// <summary>The longest cooldown a plan's own refusal can cause (its longest window is a week).</summary>
    public static readonly TimeSpan LongestCooldown = TimeSpan.FromDays(8);

    /// <summary>Merges what a response or probe said into the plan, window by window; what it did not say stays while it holds.</summary>
    public static PlanState Learn(PlanState state, PlanObservation observed, PlanSource source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observed);
        var windows = state.Windows;
        foreach (var reading in observed.Windows.IsDefault ? [] : observed.Windows)
        {
            // Looked up in what is being built: one answer may name a window twice (two Codex windows of one length).
            var known = Find(windows, reading.Name);
            var holds = known is not null && known.HoldsAt(now);
            var next = new PlanWindowState(
                reading.Name,
                reading.Utilization ?? (holds ? known!.Utilization : 0),
                reading.ResetAt ?? (holds ? known!.ResetAt : null),
                reading.Status ?? (holds ? known!.Status : null),
                source,
                now);
            windows = known is null ? windows.Add(next) : windows.Replace(known, next);
        }

        return state with
        {
            Windows = windows,
            Status = observed.Status ?? state.Status,
            StatusResetAt = observed.Status is null ? state.StatusResetAt : observed.ResetAt,
            Claim = observed.Claim ?? state.Claim,
        };
    }

    /// <summary>
    /// Why the profile takes no new work now, or null when it does. When several windows refuse, the
    /// one that holds longest is named: the profile serves again only once every one has reset.
    /// </summary>
    public static Refusal? Check(PlanState state, PlanPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        Refusal? longest = null;
        foreach (var window in state.Windows)
        {
            if (window.HoldsUntil is not { } until || until <= now)
            {
                continue;
            }

            string? detail = null;
            if (window.Status == "rejected")
            {
                detail = $"{window.Name} rejected by the plan until {until:HH:mm:ss}";
            }
            else if (policy.SwitchAt(window.Name) is { } switchAt && window.Utilization >= switchAt)
            {
                detail = $"{window.Name} at {Percent(window.Utilization)} >= {Percent(switchAt)}";
            }

            if (detail is not null && (longest is null || until > longest.RetryAt))
            {
                longest = new Refusal(RefusalKind.PlanThreshold, until, detail);
            }
        }

        return longest;
    }

    /// <summary>
    /// The smallest share left before a window's threshold, over the windows that switch: 1 with
    /// nothing used (or no figure), 0 at or past <c>switchAt</c>.
    /// </summary>
    public static double Headroom(PlanState? state, PlanPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var fraction = 1.0;
        if (state is null)
        {
            return fraction;
        }

        foreach (var window in state.Windows)
        {
            if (window.HoldsAt(now) && policy.SwitchAt(window.Name) is { } switchAt)
            {
                fraction = Math.Min(fraction, Math.Max(0, 1 - (window.Utilization / switchAt)));
            }
        }

        return fraction;
    }

    /// <summary>
    /// Until when a plan that refused (a 429, or status <c>rejected</c>) is cooled down: the latest
    /// reset among its exhausted windows, else the plan's own reset; never further than
    /// <see cref="LongestCooldown"/>. Null when the answer named no time.
    /// </summary>
    public static DateTimeOffset? RefusedUntil(PlanObservation observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observed);
        DateTimeOffset? until = null;
        foreach (var window in observed.Windows.IsDefault ? [] : observed.Windows)
        {
            if ((window.Utilization >= 1 || window.Status == "rejected") && window.ResetAt > now && (until is null || window.ResetAt > until))
            {
                until = window.ResetAt;
            }
        }

        until ??= observed.ResetAt > now ? observed.ResetAt : null;
        return until - now > LongestCooldown ? now + LongestCooldown : until;
    }

    /// <summary>
    /// Every window the profile is known by, for display: those it has figures for, and those only
    /// declared in the config (utilization 0, source <see cref="PlanSource.Declared"/>).
    /// </summary>
    public static ImmutableArray<PlanWindowState> Figures(PlanState? state, PlanPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var builder = ImmutableArray.CreateBuilder<PlanWindowState>();
        foreach (var window in state?.Windows ?? [])
        {
            builder.Add(window.HoldsAt(now) ? window : window with { Utilization = 0, Status = null });
        }

        foreach (var threshold in policy.Thresholds)
        {
            if (state?.Window(threshold.Window) is null)
            {
                builder.Add(new PlanWindowState(threshold.Window, 0, null, null, PlanSource.Declared, null));
            }
        }

        return builder.ToImmutable();
    }

    private static PlanWindowState? Find(ImmutableArray<PlanWindowState> windows, string name)
    {
        foreach (var window in windows)
        {
            if (window.Name == name)
            {
                return window;
            }
        }

        return null;
    }

    /// <summary>A fraction as a percent for people: <c>93%</c>, <c>92.5%</c>.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
