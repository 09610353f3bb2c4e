using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

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

        // The front door checked the client's values against their grammar; a value that fails it here is dropped, never sent.
        var version = request.ClientHeaders?.GetValueOrDefault(AnthropicHeaders.Version);
        message.Headers.TryAddWithoutValidation(AnthropicHeaders.Version, version is not null && AnthropicHeaders.Problem(AnthropicHeaders.Version, version) is null ? version : DefaultVersion);
        if (request.ClientHeaders?.GetValueOrDefault(AnthropicHeaders.Beta) is { } beta && AnthropicHeaders.Problem(AnthropicHeaders.Beta, beta) is null)
        {
            message.Headers.TryAddWithoutValidation(AnthropicHeaders.Beta, beta);
        }

        return await HttpUpstreamResponse.SendAsync(http, message, cancellationToken);
    }
}
