using System.Text.Json.Serialization;

namespace RoutingCluster.Entities;

/// <summary>What one upstream response said about its key's limits, resolved to absolute times.</summary>
public sealed record RateLimitObservation(
    DateTimeOffset? RetryAt = null,
    long? RemainingRequests = null,
    DateTimeOffset? RequestsResetAt = null,
    long? RemainingTokens = null,
    DateTimeOffset? TokensResetAt = null,
    long? LimitRequests = null,
    long? LimitTokens = null)
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
