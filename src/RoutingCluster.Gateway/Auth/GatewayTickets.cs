using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authentication;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// One authentication result per caller (one per configured key), built on first use and reused:
/// the result, its ticket and principal are never changed after authentication, and sharing them
/// keeps the check from allocating. Weak: a reload's new keys replace the old entries.
/// </summary>
public sealed class GatewayTickets
{
    private readonly ConditionalWeakTable<Caller, Task<AuthenticateResult>> _byCaller = [];

    public Task<AuthenticateResult> For(Caller caller) => _byCaller.GetValue(caller, Create);

    private static Task<AuthenticateResult> Create(Caller caller) =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(GatewayPrincipal.Create(caller), GatewayKeyAuthentication.Scheme)));
}
