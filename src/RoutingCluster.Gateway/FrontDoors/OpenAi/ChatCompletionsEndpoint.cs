using System.Diagnostics;
using RoutingCluster.Cluster;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c>: authenticate, read only what routing needs, resolve the role,
/// plan, and hand the request to the <see cref="RouteExecutor"/>; then write the upstream answer
/// through (<see cref="OpenAiResponseWriter"/>) or the failure in OpenAI's error format.
/// </summary>
public sealed class ChatCompletionsEndpoint(
    ActiveConfig active, RouteExecutor executor, IClusterView cluster, IStoreStatus storeStatus, TimeProvider time, ILogger<ChatCompletionsEndpoint> logger)
{
    public const string FrontDoorName = "openai";

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var config = active.Current;
        if (GatewayKeyAuthenticator.Authenticate(context.Request, config) is null)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "authentication_error", "invalid_api_key", FrontDoorMessages.BadGatewayKey);
            return;
        }

        var body = await RequestBodyReader.ReadAsync(context.Request, config.Server.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "invalid_request_error", "request_too_large",
                FrontDoorMessages.BodyTooLarge(config.Server.MaxRequestBodyBytes));
            return;
        }

        var roleHeader = context.Request.Headers[RoutingHeaders.Role].ToString();
        var (inspection, invalid) = ChatRequestInspector.Inspect(body, roleHeader.Length > 0 ? roleHeader : null);
        if (inspection is null)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", "invalid_request", invalid!);
            return;
        }

        var (target, routeError) = RoleResolver.Resolve(config, inspection.Features);
        if (target is null)
        {
            var unknownModel = routeError!.Kind == RouteErrorKind.UnknownModel;
            await OpenAiErrors.WriteAsync(context, unknownModel ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                "invalid_request_error", unknownModel ? "model_not_found" : "unknown_role", routeError.Message);
            return;
        }

        using var deadline = new CancellationTokenSource(config.Resilience.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        var usageInjected = false;
        var request = new RouteRequest(config, target, inspection.Features, RoutePlanner.Plan(config, target, inspection.Features), candidate =>
        {
            var (upstreamBody, injected) = ChatRequestRewriter.Rewrite(body, inspection, candidate.Model.UpstreamModel);
            usageInjected = injected;
            return upstreamBody;
        });

        var result = await executor.ExecuteAsync(request, linked.Token);
        RoutingHeaders.Write(context.Response, target, result.Opened?.Candidate ?? result.PassThrough?.Candidate, result.Attempts.Count + (result.Opened is null ? 0 : 1),
            cluster.NodeId, storeStatus.IsDegraded);
        if (result.Opened is { } opened)
        {
            await using (opened)
            {
                var (status, usage) = await OpenAiResponseWriter.WriteAsync(context, opened, usageInjected, linked.Token, logger);
                Log.RequestCompleted(logger, FrontDoorName, target.Role, opened.Candidate.Model.Id, opened.Candidate.Credential.Id,
                    status, result.Attempts.Count + 1, usage?.Total ?? 0, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return;
        }

        if (result.PassThrough is { } pass)
        {
            context.Response.StatusCode = pass.Status;
            context.Response.ContentType = pass.ContentType ?? "application/json";
            await context.Response.Body.WriteAsync(pass.Body, context.RequestAborted);
            return;
        }

        if (result.Failure is { } failure && !context.RequestAborted.IsCancellationRequested)
        {
            await WriteFailureAsync(context, target, failure);
        }
    }

    private async Task WriteFailureAsync(HttpContext context, RouteTarget target, RouteFailure failure)
    {
        var (status, type) = failure.Kind switch
        {
            RouteFailureKind.RateLimited => (StatusCodes.Status429TooManyRequests, "rate_limit_error"),
            RouteFailureKind.Unservable => (StatusCodes.Status400BadRequest, "invalid_request_error"),
            RouteFailureKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, "service_unavailable"),
            RouteFailureKind.DeadlineExceeded => (StatusCodes.Status504GatewayTimeout, "timeout_error"),
            _ => (StatusCodes.Status502BadGateway, "upstream_error"),
        };
        Log.RequestFailed(logger, target.Role, status, failure.Message);
        await OpenAiErrors.WriteAsync(context, status, type, failure.Code ?? type, failure.Message, failure.RetryAfter);
    }
}
