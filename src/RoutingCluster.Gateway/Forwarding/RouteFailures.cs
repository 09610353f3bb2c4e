using System.Globalization;
using RoutingCluster.Entities;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Turns what happened to every candidate into one failure a client can act on.</summary>
public static class RouteFailures
{
    /// <param name="cancelled">The request deadline passed (or the caller left) before any answer.</param>
    public static RouteFailure Build(string role, IReadOnlyList<AttemptRecord> attempts, IReadOnlyList<SkippedCandidate> skipped, DateTimeOffset now, bool cancelled = false)
    {
        var summary = Describe(attempts, skipped);
        if (cancelled)
        {
            return new RouteFailure(RouteFailureKind.DeadlineExceeded, $"The request deadline passed before any upstream answered. {summary}", null, "deadline_exceeded");
        }

        if (attempts.Count == 0 && skipped.Count == 0)
        {
            return new RouteFailure(RouteFailureKind.Unavailable, $"Role `{role}` has no candidate to send to.", null, "no_candidates");
        }

        if (attempts.Count == 0 && skipped.Any(s => s.Reason == SkipReason.BudgetExceeded) && skipped.Where(IsRuntime).All(s => s.Reason == SkipReason.BudgetExceeded))
        {
            return BudgetFailure(role, skipped, now);
        }

        var retryAt = skipped.Select(s => s.RetryAt).Concat(attempts.Select(a => a.RetryAt)).Where(at => at > now).Min();
        var limitedOnly = attempts.All(a => a.Outcome == OutcomeKind.RateLimited) && skipped.All(s => s.IsRateLimit || !IsRuntime(s));
        if (limitedOnly && (attempts.Count > 0 || skipped.Any(s => s.IsRateLimit)))
        {
            var wait = retryAt is { } at ? Ceiling(at - now) : Ceiling(AttemptSettler.DefaultCooldown);
            return new RouteFailure(RouteFailureKind.RateLimited,
                $"Every candidate of role `{role}` is at its rate limit; retry after {wait.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s. {summary}", wait, "rate_limit_exceeded");
        }

        if (attempts.Count == 0 && skipped.All(s => !IsRuntime(s)))
        {
            var code = skipped.All(s => s.Reason == SkipReason.ContextTooSmall) ? "context_length_exceeded" : "unsupported_request";
            return new RouteFailure(RouteFailureKind.Unservable, $"No model of role `{role}` can take this request. {summary}", null, code);
        }

        if (attempts.Count == 0)
        {
            return new RouteFailure(RouteFailureKind.Unavailable, $"No candidate of role `{role}` is available. {summary}",
                retryAt is { } until ? Ceiling(until - now) : null, "no_available_candidate");
        }

        return new RouteFailure(RouteFailureKind.AllAttemptsFailed, $"Every attempt for role `{role}` failed. {summary}", null, "upstream_failed");
    }

    /// <summary>Every candidate left would cross a budget: the message names each budget that refused (its cap, spend and reset); retry at the earliest reset.</summary>
    private static RouteFailure BudgetFailure(string role, IReadOnlyList<SkippedCandidate> skipped, DateTimeOffset now)
    {
        var budgetSkips = skipped.Where(s => s.Reason == SkipReason.BudgetExceeded).ToList();
        var details = budgetSkips.Select(s => s.Detail).Distinct(StringComparer.Ordinal);
        var resetAt = budgetSkips.Select(s => s.RetryAt).Where(at => at > now).Min();
        var wait = resetAt is { } at ? Ceiling(at - now) : TimeSpan.FromSeconds(1);
        return new RouteFailure(RouteFailureKind.BudgetExceeded,
            $"No candidate of role `{role}` fits the budget: {string.Join("; ", details)}.", wait, Wire.OpenAiErrors.InsufficientQuota);
    }

    /// <summary>Skips caused by entity state (as opposed to the request not fitting a model).</summary>
    private static bool IsRuntime(SkippedCandidate skip) => skip.Reason is not (SkipReason.ContextTooSmall or SkipReason.MissingCapability or SkipReason.Untranslatable or SkipReason.Policy or SkipReason.Reserved);

    private static TimeSpan Ceiling(TimeSpan span) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(span.TotalSeconds)));

    private static string Describe(IReadOnlyList<AttemptRecord> attempts, IReadOnlyList<SkippedCandidate> skipped)
    {
        var parts = new List<string>(2);
        if (attempts.Count > 0)
        {
            parts.Add("Tried: " + string.Join("; ", attempts.Select(a => a.ToString())) + ".");
        }

        if (skipped.Count > 0)
        {
            parts.Add("Skipped: " + string.Join("; ", skipped.Select(s => $"{s.Candidate.Label}: {s.Detail}")) + ".");
        }

        return string.Join(' ', parts);
    }
}
