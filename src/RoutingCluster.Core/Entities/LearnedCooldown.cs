namespace RoutingCluster.Entities;

/// <summary>
/// The cooldown one upstream answer leads to: <see cref="Until"/> is what the credential gets,
/// <see cref="Asked"/> what the upstream's headers asked for before the cap (the same unless capped).
/// </summary>
/// <param name="Reason">Why, for the refusal detail, e.g. "upstream answered 429".</param>
public sealed record LearnedCooldown(DateTimeOffset Until, DateTimeOffset Asked, string Reason)
{
    /// <summary>The upstream asked for longer than the provider's <c>maxLearnedWait</c>.</summary>
    public bool Capped => Asked > Until;
}
