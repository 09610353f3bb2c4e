using RoutingCluster.Entities;

namespace RoutingCluster.Configuration;

/// <summary>One API key of a provider. <see cref="Fingerprint"/> changes whenever the key or the
/// credential's declaration changes; a key disabled by a 401/403 stays disabled only while it
/// stays the same.</summary>
public sealed record CredentialDefinition(
    string Id,
    string ProviderId,
    SecretValue? ApiKey,
    CredentialLimits Limits,
    string Fingerprint)
{
    /// <summary>The tenant that brought the key (bring-your-own-key): only its requests use it. Null: pooled.</summary>
    public string? Owner { get; init; }

    /// <summary>Set for a subscription profile (<c>kind: subscription</c>); null for an API key.</summary>
    public PlanDefinition? Plan { get; init; }
}
