using System.Runtime.CompilerServices;

namespace RoutingCluster.Gateway.Providers;

/// <summary>
/// The endpoint an adapter posts to under a provider's base URL, built once per base URL instance
/// rather than per request. Keyed by the instance the config model holds, so a reload's new model
/// builds its own and the old ones go with it.
/// </summary>
internal sealed class UpstreamEndpoints(string path)
{
    private readonly ConditionalWeakTable<Uri, Uri> _byBaseUrl = [];
    private readonly ConditionalWeakTable<Uri, Uri>.CreateValueCallback _build = baseUrl => new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + path);

    public Uri Get(Uri baseUrl) => _byBaseUrl.GetValue(baseUrl, _build);
}
