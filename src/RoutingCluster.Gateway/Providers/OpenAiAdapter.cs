using System.Net.Http.Headers;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>
/// OpenAI's upstream protocols: <c>openai-chat</c> (<c>POST {baseUrl}/chat/completions</c>) and
/// <c>openai-responses</c> (<c>POST {baseUrl}/responses</c>), each with a bearer key.
/// </summary>
public sealed class OpenAiAdapter : IProviderAdapter
{
    private readonly HttpClient _http;
    private readonly UpstreamEndpoints _endpoint;

    private OpenAiAdapter(HttpClient http, ProviderProtocol protocol, string path)
    {
        _http = http;
        Protocol = protocol;
        _endpoint = new UpstreamEndpoints(path);
    }

    public static OpenAiAdapter Chat(HttpClient http) => new(http, ProviderProtocol.OpenAiChat, "/chat/completions");

    public static OpenAiAdapter Responses(HttpClient http) => new(http, ProviderProtocol.OpenAiResponses, "/responses");

    public ProviderProtocol Protocol { get; }

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = request.Provider.BaseUrl ?? throw new InvalidOperationException($"Provider {request.Provider.Id} has no baseUrl.");
        using var message = HttpUpstreamResponse.Post(_endpoint.Get(baseUrl), request);
        if (request.Credential.ApiKey is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
        }

        return await HttpUpstreamResponse.SendAsync(_http, message, cancellationToken);
    }
}
