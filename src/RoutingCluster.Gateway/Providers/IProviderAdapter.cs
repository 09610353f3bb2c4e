using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>One request to send upstream. <see cref="Body"/> is already in the provider's wire format.</summary>
/// <param name="ClientHeaders">Client headers the adapter may pass on (e.g. <c>anthropic-beta</c> when
/// the client spoke the provider's own protocol); null when there are none to pass.</param>
public sealed record UpstreamRequest(
    ProviderDefinition Provider, CredentialDefinition Credential, ModelDefinition Model, ReadOnlyMemory<byte> Body, bool Stream,
    IReadOnlyDictionary<string, string>? ClientHeaders = null);

/// <summary>
/// Speaks one upstream wire protocol. Adapters return the response as soon as its headers are in;
/// reading the body is the caller's business, so streams flow through without buffering.
/// Connection failures surface as <see cref="HttpRequestException"/>.
/// </summary>
public interface IProviderAdapter
{
    ProviderProtocol Protocol { get; }

    Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken);
}

/// <summary>An upstream response whose body has not been read yet.</summary>
public abstract class UpstreamResponse : IAsyncDisposable
{
    public abstract int Status { get; }

    public abstract string? ContentType { get; }

    /// <summary>A response header by name (case-insensitive), or null.</summary>
    public abstract string? Header(string name);

    public abstract Stream Body { get; }

    /// <summary>The body's declared length, when the upstream sent one.</summary>
    public virtual long? ContentLength => null;

    public abstract ValueTask DisposeAsync();
}
