using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Routing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

public sealed class RouteFailuresTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Candidate Candidate(string credential) =>
        new(0,
            new StepDefinition(1, ["m1"], StrategyNames.Priority),
            new ModelDefinition("m1", "p", "up-m1", 8000, null, ModelCapabilities.None, 0, 0),
            new ProviderDefinition("p", ProviderProtocol.Simulated, null, "default", ProviderClass.Local, null, CooldownPolicy.DefaultMaxLearnedWait),
            new CredentialDefinition(credential, "p", null, CredentialLimits.Unlimited, "fp"),
            100);

    private static SkippedCandidate Skip(string credential, SkipReason reason, DateTimeOffset? retryAt = null) =>
        new(Candidate(credential), reason, $"{reason} detail", retryAt);

    private static AttemptRecord Attempt(string credential, OutcomeKind outcome, int? status, DateTimeOffset? retryAt = null) =>
        new(Candidate(credential), outcome, status, $"upstream answered {status}", TimeSpan.FromMilliseconds(50),
            retryAt is { } at ? new LearnedCooldown(at, at, "upstream answered 429") : null);

    [Fact]
    public void Build_AllSkippedAtRateLimits_RateLimitedWithEarliestRetry()
    {
        var failure = RouteFailures.Build("plan",
            [],
            [
                Skip("a", SkipReason.WindowExhausted, Now.AddSeconds(30)),
                Skip("b", SkipReason.CoolingDown, Now.AddSeconds(12.3)),
                Skip("c", SkipReason.ConcurrencyFull, Now.AddSeconds(-5)),
            ],
            Now);

        Assert.Equal(RouteFailureKind.RateLimited, failure.Kind);
        Assert.Equal("rate_limit_exceeded", failure.Code);
        // The earliest future moment, rounded up to whole seconds.
        Assert.Equal(TimeSpan.FromSeconds(13), failure.RetryAfter);
        Assert.Contains("retry after 13s", failure.Message, StringComparison.Ordinal);
        Assert.Contains("m1 via a: WindowExhausted detail", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EveryCandidateOverABudget_BudgetExceededWithTheEarliestResetAndEveryBudgetNamed()
    {
        var failure = RouteFailures.Build("plan",
            [],
            [
                new(Candidate("a"), SkipReason.BudgetExceeded, "budget `t/day` would be exceeded", Now.AddHours(12)),
                new(Candidate("b"), SkipReason.BudgetExceeded, "budget `t/month` would be exceeded", Now.AddDays(20)),
                Skip("c", SkipReason.ContextTooSmall),
            ],
            Now);

        Assert.Equal(RouteFailureKind.BudgetExceeded, failure.Kind);
        Assert.Equal("insufficient_quota", failure.Code);
        Assert.Equal(TimeSpan.FromHours(12), failure.RetryAfter);
        Assert.Contains("budget `t/day`", failure.Message, StringComparison.Ordinal);
        Assert.Contains("budget `t/month`", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SomeOverBudgetOthersCoolingDown_RateLimitedWithTheEarliestRetry()
    {
        var failure = RouteFailures.Build("plan",
            [],
            [
                new(Candidate("a"), SkipReason.BudgetExceeded, "budget `t/day` would be exceeded", Now.AddHours(12)),
                Skip("b", SkipReason.CoolingDown, Now.AddSeconds(20)),
            ],
            Now);

        Assert.Equal(RouteFailureKind.RateLimited, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), failure.RetryAfter);
    }

    [Fact]
    public void Build_AttemptsAll429_RateLimitedWithTheirRetry()
    {
        var failure = RouteFailures.Build("plan",
            [Attempt("a", OutcomeKind.RateLimited, 429, Now.AddSeconds(4)), Attempt("b", OutcomeKind.RateLimited, 429, Now.AddSeconds(9))],
            [],
            Now);

        Assert.Equal(RouteFailureKind.RateLimited, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(4), failure.RetryAfter);
    }

    [Fact]
    public void Build_RateLimitedWithoutKnownRetry_DefaultCooldown()
    {
        var failure = RouteFailures.Build("plan", [Attempt("a", OutcomeKind.RateLimited, 429)], [], Now);

        Assert.Equal(RouteFailureKind.RateLimited, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(Math.Ceiling(AttemptSettler.DefaultCooldown.TotalSeconds)), failure.RetryAfter);
    }

    [Fact]
    public void Build_RateLimitedPlusStaticSkips_StillRateLimited()
    {
        var failure = RouteFailures.Build("plan",
            [],
            [Skip("a", SkipReason.ContextTooSmall), Skip("b", SkipReason.WindowExhausted, Now.AddSeconds(2)), Skip("c", SkipReason.MissingCapability)],
            Now);

        Assert.Equal(RouteFailureKind.RateLimited, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
    }

    [Fact]
    public void Build_AllTooSmallContext_UnservableContextLengthExceeded()
    {
        var failure = RouteFailures.Build("plan", [], [Skip("a", SkipReason.ContextTooSmall), Skip("b", SkipReason.ContextTooSmall)], Now);

        Assert.Equal(RouteFailureKind.Unservable, failure.Kind);
        Assert.Equal("context_length_exceeded", failure.Code);
        Assert.Null(failure.RetryAfter);
        Assert.Contains("ContextTooSmall detail", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_StaticSkipsOfMixedKinds_UnservableUnsupported()
    {
        var failure = RouteFailures.Build("plan", [], [Skip("a", SkipReason.ContextTooSmall), Skip("b", SkipReason.MissingCapability)], Now);

        Assert.Equal(RouteFailureKind.Unservable, failure.Kind);
        Assert.Equal("unsupported_request", failure.Code);
    }

    [Fact]
    public void Build_BreakersOpenOnly_UnavailableWithRetry()
    {
        var failure = RouteFailures.Build("plan",
            [],
            [Skip("a", SkipReason.BreakerOpen, Now.AddSeconds(20)), Skip("b", SkipReason.ProviderBreakerOpen, Now.AddSeconds(8.2))],
            Now);

        Assert.Equal(RouteFailureKind.Unavailable, failure.Kind);
        Assert.Equal("no_available_candidate", failure.Code);
        Assert.Equal(TimeSpan.FromSeconds(9), failure.RetryAfter);
    }

    [Fact]
    public void Build_BreakerOpenBesideRateLimited_NotRateLimited()
    {
        var failure = RouteFailures.Build("plan",
            [],
            [Skip("a", SkipReason.BreakerOpen, Now.AddSeconds(20)), Skip("b", SkipReason.CoolingDown, Now.AddSeconds(5))],
            Now);

        Assert.Equal(RouteFailureKind.Unavailable, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), failure.RetryAfter);
    }

    [Fact]
    public void Build_DisabledKeysOnly_UnavailableWithoutRetry()
    {
        var failure = RouteFailures.Build("plan", [], [Skip("a", SkipReason.Disabled)], Now);

        Assert.Equal(RouteFailureKind.Unavailable, failure.Kind);
        Assert.Null(failure.RetryAfter);
    }

    [Fact]
    public void Build_AttemptsFailed_AllAttemptsFailed()
    {
        var failure = RouteFailures.Build("plan",
            [Attempt("a", OutcomeKind.ServerError, 500), Attempt("b", OutcomeKind.RateLimited, 429, Now.AddSeconds(3))],
            [Skip("c", SkipReason.WindowExhausted, Now.AddSeconds(1))],
            Now);

        Assert.Equal(RouteFailureKind.AllAttemptsFailed, failure.Kind);
        Assert.Equal("upstream_failed", failure.Code);
        Assert.Contains("Tried: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Skipped: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Cancelled_DeadlineExceededWhateverElseHappened()
    {
        var failure = RouteFailures.Build("plan",
            [Attempt("a", OutcomeKind.RateLimited, 429, Now.AddSeconds(3))],
            [Skip("b", SkipReason.CoolingDown, Now.AddSeconds(5))],
            Now,
            cancelled: true);

        Assert.Equal(RouteFailureKind.DeadlineExceeded, failure.Kind);
        Assert.Equal("deadline_exceeded", failure.Code);
    }

    [Fact]
    public void Build_NothingAtAll_UnavailableNoCandidates()
    {
        var failure = RouteFailures.Build("plan", [], [], Now);

        Assert.Equal(RouteFailureKind.Unavailable, failure.Kind);
        Assert.Equal("no_candidates", failure.Code);
    }
}
