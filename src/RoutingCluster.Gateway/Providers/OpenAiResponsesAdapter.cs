using System.Net.Http.Headers;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>Upstream protocol <c>openai-responses</c>: <c>POST {baseUrl}/responses</c> with a bearer key.</summary>
public sealed class OpenAiResponsesAdapter(HttpClient http) : IProviderAdapter
{
    private static readonly UpstreamEndpoints Endpoint = new("/responses");

    public ProviderProtocol Protocol => ProviderProtocol.OpenAiResponses;

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = request.Provider.BaseUrl ?? throw new InvalidOperationException($"Provider {request.Provider.Id} has no baseUrl.");
        using var message = HttpUpstreamResponse.Post(Endpoint.Get(baseUrl), request);
        if (request.Credential.ApiKey is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
        }

        return await HttpUpstreamResponse.SendAsync(http, message, cancellationToken);
    }
}
