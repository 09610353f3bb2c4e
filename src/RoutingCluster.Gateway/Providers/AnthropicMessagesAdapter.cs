using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>
/// Upstream protocol <c>anthropic-messages</c>: <c>POST {baseUrl}/messages</c> with <c>x-api-key</c>
/// and <c>anthropic-version</c>. A client that spoke Anthropic's protocol itself has its
/// <c>anthropic-version</c> and <c>anthropic-beta</c> headers passed on.
/// </summary>
public sealed class AnthropicMessagesAdapter(HttpClient http) : IProviderAdapter
{
    /// <summary>The API version sent when the client did not name one.</summary>
    public const string DefaultVersion = "2023-06-01";

    public static readonly IReadOnlyList<string> PassedHeaders = ["anthropic-version", "anthropic-beta"];

    private static readonly UpstreamEndpoints Endpoint = new("/messages");

    public ProviderProtocol Protocol => ProviderProtocol.AnthropicMessages;

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = request.Provider.BaseUrl ?? throw new InvalidOperationException($"Provider {request.Provider.Id} has no baseUrl.");
        using var message = HttpUpstreamResponse.Post(Endpoint.Get(baseUrl), request);
        if (request.Credential.ApiKey is { } key)
        {
            message.Headers.TryAddWithoutValidation("x-api-key", key.Reveal());
        }

        var version = request.ClientHeaders?.GetValueOrDefault("anthropic-version");
        message.Headers.TryAddWithoutValidation("anthropic-version", string.IsNullOrEmpty(version) ? DefaultVersion : version);
        if (request.ClientHeaders?.GetValueOrDefault("anthropic-beta") is { Length: > 0 } beta)
        {
            message.Headers.TryAddWithoutValidation("anthropic-beta", beta);
        }

        return await HttpUpstreamResponse.SendAsync(http, message, cancellationToken);
    }
}
