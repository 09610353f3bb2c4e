using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// One authentication result per tenant, built on first use and reused: the result, its ticket and
/// principal are never changed after authentication, and sharing them keeps the check that runs on
/// every request from allocating. Tenants are the configured key ids (and <c>anonymous</c>), so the
/// set stays as small as the config.
/// </summary>
public sealed class GatewayTickets
{
    private readonly ConcurrentDictionary<string, Task<AuthenticateResult>> _byTenant = new(StringComparer.Ordinal);

    public Task<AuthenticateResult> For(string tenant) => _byTenant.GetOrAdd(tenant, Create);

    private static Task<AuthenticateResult> Create(string tenant) =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(GatewayPrincipal.Create(tenant), GatewayKeyAuthentication.Scheme)));
}
