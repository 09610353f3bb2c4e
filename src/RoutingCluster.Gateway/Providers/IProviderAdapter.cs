using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>
/// Speaks one upstream wire protocol. Adapters return the response as soon as its headers are in;
/// reading the body is the caller's business, so streams flow through without buffering.
/// Connection failures surface as <see cref="HttpRequestException"/>.
/// </summary>
public interface IProviderAdapter
{
    ProviderProtocol Protocol { get; }

    Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken);
}
