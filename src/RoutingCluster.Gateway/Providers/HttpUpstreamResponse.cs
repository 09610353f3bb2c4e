namespace RoutingCluster.Gateway.Providers;

/// <summary>An <see cref="UpstreamResponse"/> over a real <see cref="HttpResponseMessage"/>.</summary>
internal sealed class HttpUpstreamResponse(HttpResponseMessage response, Stream body) : UpstreamResponse
{
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
