using System.Net.Http.Headers;

namespace RoutingCluster.Gateway.Providers;

/// <summary>An <see cref="UpstreamResponse"/> over a real <see cref="HttpResponseMessage"/>.</summary>
internal sealed class HttpUpstreamResponse(HttpResponseMessage response, Stream body) : UpstreamResponse
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>A JSON POST of the request's body to <paramref name="endpoint"/>, asking for events when it streams.</summary>
    public static HttpRequestMessage Post(Uri endpoint, UpstreamRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ReadOnlyMemoryContent(request.Body) { Headers = { ContentType = Json } } };
        if (request.Stream)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        return message;
    }

    /// <summary>Sends and returns as soon as the headers are in; the body is the caller's to read.</summary>
    public static async Task<UpstreamResponse> SendAsync(HttpClient http, HttpRequestMessage message, CancellationToken cancellationToken)
    {
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

    public override int Status => (int)response.StatusCode;

    public override string? ContentType => response.Content.Headers.ContentType?.ToString();

    public override Stream Body => body;

    public override long? ContentLength => response.Content.Headers.ContentLength;

    public override string? Header(string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    public override async ValueTask DisposeAsync()
    {
        await body.DisposeAsync();
        response.Dispose();
    }
}
