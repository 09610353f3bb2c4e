using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Providers;

/// <summary>
/// Upstream protocol <c>anthropic-messages</c>: <c>POST {baseUrl}/messages</c> with <c>x-api-key</c>
/// and <c>anthropic-version</c>. A client that spoke Anthropic's protocol itself has its
/// <c>anthropic-version</c> and <c>anthropic-beta</c> headers passed on. A subscription profile's
/// token goes as <c>Authorization: Bearer</c>, with the OAuth beta flag.
/// </summary>
public sealed class AnthropicMessagesAdapter(HttpClient http) : IProviderAdapter
{
    /// <summary>The API version sent when the client did not name one.</summary>
    public const string DefaultVersion = "2023-06-01";

    /// <summary>The beta flag Anthropic's API asks of requests authenticated by a plan's OAuth token.</summary>
    public const string OAuthBeta = "oauth-2025-04-20";

    private static readonly UpstreamEndpoints Endpoint = new("/messages");

    public ProviderProtocol Protocol => ProviderProtocol.AnthropicMessages;

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = request.Provider.BaseUrl ?? throw new InvalidOperationException($"Provider {request.Provider.Id} has no baseUrl.");
        using var message = HttpUpstreamResponse.Post(Endpoint.Get(baseUrl), request);
        var subscription = request.Credential.Plan is not null;
        if (request.Credential.ApiKey is { } key)
        {
            // A plan's token is an OAuth bearer token, not an API key.
            message.Headers.TryAddWithoutValidation(subscription ? "Authorization" : "x-api-key", subscription ? "Bearer " + key.Reveal() : key.Reveal());
        }

        // The front door checked the client's values against their grammar; a value that fails it here is dropped, never sent.
        var version = request.ClientHeaders?.GetValueOrDefault(AnthropicHeaders.Version);
        message.Headers.TryAddWithoutValidation(AnthropicHeaders.Version, version is not null && AnthropicHeaders.Problem(AnthropicHeaders.Version, version) is null ? version : DefaultVersion);
        var beta = request.ClientHeaders?.GetValueOrDefault(AnthropicHeaders.Beta) is { } asked && AnthropicHeaders.Problem(AnthropicHeaders.Beta, asked) is null ? asked : null;
        if (subscription && !(beta?.Split(',').Any(b => b.Trim() == OAuthBeta) ?? false))
        {
            beta = beta is null ? OAuthBeta : beta + "," + OAuthBeta;
        }

        if (beta is not null)
        {
            message.Headers.TryAddWithoutValidation(AnthropicHeaders.Beta, beta);
        }

        return await HttpUpstreamResponse.SendAsync(http, message, cancellationToken);
    }
}
