using System.Diagnostics;
using RoutingCluster.Cluster;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>
/// The request flow shared by every front door: authenticate, read only what routing needs,
/// resolve the role, plan, hand the request to the <see cref="RouteExecutor"/>, then relay the
/// answer (translated when the upstream speaks another protocol) or the failure, all in the
/// client's own wire format (<see cref="IClientProtocol"/>).
/// </summary>
public sealed class FrontDoorHandler(
    ActiveConfig active, RouteExecutor executor, IClusterView cluster, IStoreStatus storeStatus, TimeProvider time, ILogger<FrontDoorHandler> logger)
{
    public async Task HandleAsync(HttpContext context, IClientProtocol protocol)
    {
        var started = Stopwatch.GetTimestamp();
        var config = active.Current;
        if (GatewayKeyAuthenticator.Authenticate(context.Request, config) is null)
        {
            await WriteErrorAsync(context, protocol, StatusCodes.Status401Unauthorized, "invalid_api_key", FrontDoorMessages.BadGatewayKey);
            return;
        }

        var body = await RequestBodyReader.ReadAsync(context.Request, config.Server.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await WriteErrorAsync(context, protocol, StatusCodes.Status413PayloadTooLarge, "request_too_large", FrontDoorMessages.BodyTooLarge(config.Server.MaxRequestBodyBytes));
            return;
        }

        var roleHeader = context.Request.Headers[RoutingHeaders.Role].ToString();
        var (inspection, invalid) = protocol.Inspect(body, roleHeader.Length > 0 ? roleHeader : null);
        if (inspection is null)
        {
            await WriteErrorAsync(context, protocol, StatusCodes.Status400BadRequest, "invalid_request", invalid!);
            return;
        }

        var (target, routeError) = RoleResolver.Resolve(config, inspection.Features);
        if (target is null)
        {
            var unknownModel = routeError!.Kind == RouteErrorKind.UnknownModel;
            await WriteErrorAsync(context, protocol, unknownModel ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                unknownModel ? "model_not_found" : "unknown_role", routeError.Message);
            return;
        }

        using var deadline = new CancellationTokenSource(config.Resilience.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        var request = new RouteRequest(
            config, target, inspection.Features, RoutePlanner.Plan(config, target, inspection.Features),
            candidate => protocol.UpstreamBody(body, inspection, candidate),
            protocol.WireFormat,
            protocol.PassedHeaders(context.Request));

        var result = await executor.ExecuteAsync(request, linked.Token);
        RoutingHeaders.Write(context.Response, target, result.Opened?.Candidate ?? result.PassThrough?.Candidate,
            result.Attempts.Count + (result.Opened is null ? 0 : 1), cluster.NodeId, storeStatus.IsDegraded);
        if (result.Opened is { } opened)
        {
            await using (opened)
            {
                int status;
                TokenUsage? usage;
                try
                {
                    (status, usage) = opened.IsStream
                        ? await ResponseRelay.StreamAsync(context, opened, protocol.StreamTranslator(opened.Candidate, inspection), linked.Token, logger)
                        : await ResponseRelay.BodyAsync(context, opened, protocol.BodyTranslator(opened.Candidate, inspection), linked.Token);
                }
                catch (TranslationException ex)
                {
                    Log.RequestFailed(logger, target.Role, StatusCodes.Status502BadGateway, ex.Message);
                    await WriteErrorAsync(context, protocol, StatusCodes.Status502BadGateway, "upstream_invalid",
                        $"The upstream's answer ({opened.Candidate.Label}) could not be read: {ex.Message}");
                    return;
                }

                Log.RequestCompleted(logger, protocol.Name, target.Role, opened.Candidate.Model.Id, opened.Candidate.Credential.Id,
                    status, result.Attempts.Count + 1, usage?.Total ?? 0, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return;
        }

        if (result.PassThrough is { } pass)
        {
            context.Response.StatusCode = pass.Status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(protocol.UpstreamErrorBody(pass.Candidate, pass.Status, pass.Body), context.RequestAborted);
            return;
        }

        if (result.Failure is { } failure && !context.RequestAborted.IsCancellationRequested)
        {
            var status = failure.Kind switch
            {
                RouteFailureKind.RateLimited => StatusCodes.Status429TooManyRequests,
                RouteFailureKind.Unservable => StatusCodes.Status400BadRequest,
                RouteFailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
                RouteFailureKind.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
                _ => StatusCodes.Status502BadGateway,
            };
            Log.RequestFailed(logger, target.Role, status, failure.Message);
            await WriteErrorAsync(context, protocol, status, failure.Code ?? "upstream_failed", failure.Message, failure.RetryAfter);
        }
    }

    public static async Task WriteErrorAsync(HttpContext context, IClientProtocol protocol, int status, string code, string message, TimeSpan? retryAfter = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.Body.WriteAsync(protocol.ErrorBody(status, code, message));
    }
}
