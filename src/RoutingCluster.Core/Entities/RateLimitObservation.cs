using System.Text.Json.Serialization;
using RoutingCluster.Plans;

namespace RoutingCluster.Entities;

/// <summary>What one upstream response said about its key's limits, resolved to absolute times.</summary>
/// <param name="Plan">What it said of a subscription plan's usage (profiles only).</param>
[GenerateSerializer]
[Immutable]
public sealed record RateLimitObservation(
    [property: Id(0)] DateTimeOffset? RetryAt = null,
    [property: Id(1)] long? RemainingRequests = null,
    [property: Id(2)] DateTimeOffset? RequestsResetAt = null,
    [property: Id(3)] long? RemainingTokens = null,
    [property: Id(4)] DateTimeOffset? TokensResetAt = null,
    [property: Id(5)] long? LimitRequests = null,
    [property: Id(6)] long? LimitTokens = null,
    [property: Id(7)] PlanObservation? Plan = null)
{
    [JsonIgnore]
    public bool IsEmpty => this == Empty;

    public static readonly RateLimitObservation Empty = new();

    /// <summary>The moment the key is usable again when the response says it is exhausted, else null.</summary>
    public DateTimeOffset? ExhaustedUntil(DateTimeOffset now)
    {
        DateTimeOffset? until = null;
        if (RemainingRequests == 0 && RequestsResetAt > now)
        {
            until = RequestsResetAt;
        }

        if (RemainingTokens == 0 && TokensResetAt > now && (until is null || TokensResetAt > until))
        {
            until = TokensResetAt;
        }

        return until;
    }
}
