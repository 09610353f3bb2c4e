namespace RoutingCluster.Testing;

/// <summary>Which subscription plan a <see cref="MockPlan"/> plays: the headers and the refusal it sends.</summary>
public enum MockPlanFormat
{
    /// <summary>Claude Pro/Max: <c>anthropic-ratelimit-unified-*</c> headers; a refusal is a 429
    /// <c>rate_limit_error</c> with <c>anthropic-ratelimit-unified-status: rejected</c>.</summary>
    Anthropic,

    /// <summary>A ChatGPT/Codex plan: <c>x-codex-primary-*</c> (5h) and <c>x-codex-secondary-*</c> (7d) headers;
    /// a refusal is a 429 <c>usage_limit_reached</c> with <c>resets_in_seconds</c> and <c>resets_at</c>.</summary>
    Codex,
}
