using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>One request to send upstream. <see cref="Body"/> is already in the provider's wire format.</summary>
/// <param name="ClientHeaders">Client headers the adapter may pass on (e.g. <c>anthropic-beta</c> when
/// the client spoke the provider's own protocol); null when there are none to pass.</param>
public sealed record UpstreamRequest(
    ProviderDefinition Provider, CredentialDefinition Credential, ModelDefinition Model, ReadOnlyMemory<byte> Body, bool Stream,
    IReadOnlyDictionary<string, string>? ClientHeaders = null);
