using RoutingCluster.Entities;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// The credential and provider states one request read for ranking: reused when acquiring (a
/// shared store can skip its read) and when settling (the provider write is skipped when it
/// changes nothing). Never shared between requests; the atomic decisions stay in the transitions.
/// </summary>
internal sealed class RequestStates
{
    public Dictionary<string, CredentialState> Credentials { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ProviderState> Providers { get; } = new(StringComparer.Ordinal);
}
