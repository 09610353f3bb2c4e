using RoutingCluster.Entities;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// The provider states one request ranked with, from the node's fleet view: reused when acquiring
/// (a probe slot is asked for only while the breaker is not closed) and when settling (the
/// provider's settle is skipped when it changes nothing). Never shared between requests.
/// </summary>
internal sealed class RequestStates
{
    public Dictionary<string, ProviderState> Providers { get; } = new(StringComparer.Ordinal);
}
