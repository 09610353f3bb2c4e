using RoutingCluster.Configuration;
using RoutingCluster.Entities;

namespace RoutingCluster.Routing;

/// <summary>One (model, credential) pair a step may send to.</summary>
/// <param name="Order">Declaration order within the step: models in step order, then credentials in file order.</param>
/// <param name="ReservedTokens">Tokens to reserve in the credential's token windows for this request.</param>
public sealed record Candidate(
    int Order,
    StepDefinition Step,
    ModelDefinition Model,
    ProviderDefinition Provider,
    CredentialDefinition Credential,
    long ReservedTokens)
{
    /// <summary>The output part of <see cref="ReservedTokens"/> (the rest is the estimated input), so the
    /// cost strategy can price input and output at their own rates.</summary>
    public long ReservedOutputTokens { get; init; }

    public string Label => $"{Model.Id} via {Credential.Id}";
}

/// <summary>A candidate together with what its credential entity says right now.</summary>
public sealed record RankedCandidate(Candidate Candidate, CredentialView View);

public enum SkipReason
{
    MissingCapability,
    ContextTooSmall,
    Disabled,
    CoolingDown,
    BreakerOpen,
    ProviderBreakerOpen,
    ConcurrencyFull,
    WindowExhausted,
    TooLargeForWindow,
    /// <summary>The request cannot be expressed in the candidate's protocol.</summary>
    Untranslatable,
}

/// <summary>A candidate that was not tried, and why.</summary>
public sealed record SkippedCandidate(Candidate Candidate, SkipReason Reason, string Detail, DateTimeOffset? RetryAt)
{
    /// <summary>Skips that end by themselves with time (answered with 429 and a retry-after).</summary>
    public bool IsRateLimit => Reason is SkipReason.CoolingDown or SkipReason.ConcurrencyFull or SkipReason.WindowExhausted;

    public static SkippedCandidate From(Candidate candidate, Refusal refusal, bool provider = false) =>
        new(candidate, provider ? SkipReason.ProviderBreakerOpen : refusal.Kind switch
        {
            RefusalKind.Disabled => SkipReason.Disabled,
            RefusalKind.CoolingDown => SkipReason.CoolingDown,
            RefusalKind.BreakerOpen => SkipReason.BreakerOpen,
            RefusalKind.ConcurrencyFull => SkipReason.ConcurrencyFull,
            RefusalKind.TooLargeForWindow => SkipReason.TooLargeForWindow,
            _ => SkipReason.WindowExhausted,
        }, refusal.Detail, refusal.RetryAt);
}

/// <summary>The candidates of one chain step that passed the static checks, and those that did not.</summary>
public sealed record PlannedStep(StepDefinition Step, IReadOnlyList<Candidate> Candidates, IReadOnlyList<SkippedCandidate> Skipped);
