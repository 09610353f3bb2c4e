using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoutingCluster.Gateway.Configuration;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Authenticates a request by its gateway key (<see cref="GatewayKeyAuthenticator"/>) against the
/// config in force at that moment, so a reload that adds or revokes keys holds from the next
/// request. A refusal is answered in the wire format the endpoint's <see cref="GatewayKeyRefusal"/>
/// names (OpenAI's when it names none).
/// <para>
/// The base handler gets no logger: it would log a line for every refusal at Information (a refused
/// request is already in the ledger) and look its logger up, under a lock, on every request.
/// </para>
/// </summary>
public sealed class GatewayKeyAuthenticationHandler(
    IOptionsMonitor<GatewayKeyAuthenticationOptions> options, UrlEncoder encoder, ActiveConfig active, GatewayTickets tickets)
    : AuthenticationHandler<GatewayKeyAuthenticationOptions>(options, NullLoggerFactory.Instance, encoder)
{
    private static readonly Task<AuthenticateResult> Refused = Task.FromResult(AuthenticateResult.NoResult());

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        GatewayKeyAuthenticator.Authenticate(Request, active.Current) is { } caller ? tickets.For(caller) : Refused;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        RefusalOf(Context).WriteAsync(Response);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        RefusalOf(Context).WriteForbiddenAsync(Response);

    private static GatewayKeyRefusal RefusalOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GatewayKeyRefusal>() ?? GatewayKeyRefusal.OpenAi;
}
