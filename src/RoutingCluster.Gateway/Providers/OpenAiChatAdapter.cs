using System.Net.Http.Headers;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>Upstream protocol <c>openai-chat</c>: <c>POST {baseUrl}/chat/completions</c> with a bearer key.</summary>
public sealed class OpenAiChatAdapter(HttpClient http) : IProviderAdapter
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private static readonly UpstreamEndpoints Endpoint = new("/chat/completions");

    public ProviderProtocol Protocol => ProviderProtocol.OpenAiChat;

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = request.Provider.BaseUrl ?? throw new InvalidOperationException($"Provider {request.Provider.Id} has no baseUrl.");
        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint.Get(baseUrl));
        message.Content = new ReadOnlyMemoryContent(request.Body) { Headers = { ContentType = Json } };
        if (request.Credential.ApiKey is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
        }

        if (request.Stream)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new HttpUpstreamResponse(response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
