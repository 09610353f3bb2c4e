using System.Net.Http.Headers;
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

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private static readonly UpstreamEndpoints Endpoint = new("/messages");

    public ProviderProtocol Protocol => ProviderProtocol.AnthropicMessages;

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = request.Provider.BaseUrl ?? throw new InvalidOperationException($"Provider {request.Provider.Id} has no baseUrl.");
        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint.Get(baseUrl));
        message.Content = new ReadOnlyMemoryContent(request.Body) { Headers = { ContentType = Json } };
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

        if (request.Stream)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            return new HttpUpstreamResponse(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
