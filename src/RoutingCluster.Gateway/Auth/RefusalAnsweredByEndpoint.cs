namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Endpoint metadata of the front doors: a request refused for its gateway key still reaches the
/// endpoint, which answers the 401 itself because it records every request that reaches it
/// (ledger, metrics, <c>x-routing-request-id</c>), refused ones included. The endpoint reads the
/// outcome with <see cref="GatewayPrincipal.TenantOf"/>.
/// </summary>
public sealed class RefusalAnsweredByEndpoint
{
    private RefusalAnsweredByEndpoint()
    {
    }

    public static RefusalAnsweredByEndpoint Instance { get; } = new();
}
