using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// The framework's handling of an authorization result, except on endpoints marked
/// <see cref="RefusalAnsweredByEndpoint"/>: a request without a valid gateway key goes on to them
/// unauthenticated, for them to refuse and record.
/// </summary>
public sealed class GatewayAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Challenged && context.GetEndpoint()?.Metadata.GetMetadata<RefusalAnsweredByEndpoint>() is not null
            ? next(context)
            : _framework.HandleAsync(next, context, policy, authorizeResult);
}
