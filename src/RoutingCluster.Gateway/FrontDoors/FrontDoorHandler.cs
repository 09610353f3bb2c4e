using System.Diagnostics;
using RoutingCluster.Cluster;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Ledger;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Tracing;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Ledger;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>
/// The request flow shared by every front door: authenticate, read only what routing needs,
/// resolve the role, plan, hand the request to the <see cref="RouteExecutor"/>, then relay the
/// answer (translated when the upstream speaks another protocol) or the failure, all in the
/// client's own wire format (<see cref="IClientProtocol"/>). However it ends, the request is
/// recorded once (<see cref="IRequestSink"/>: ledger, metrics).
/// </summary>
public sealed class FrontDoorHandler(
    ActiveConfig active,
    RouteExecutor executor,
    IClusterView cluster,
    IStoreStatus storeStatus,
    IEnumerable<IRequestSink> sinks,
    TimeProvider time,
    ILogger<FrontDoorHandler> logger)
{
    public const string RequestIdHeader = "x-routing-request-id";

    private readonly IRequestSink[] _sinks = [.. sinks];

    public async Task HandleAsync(HttpContext context, IClientProtocol protocol)
    {
        var started = time.GetTimestamp();
        var recorder = new RequestRecorder(Guid.NewGuid().ToString("N"), time.GetUtcNow(), cluster.NodeId, protocol.Name);
        context.Response.Headers[RequestIdHeader] = recorder.Id;
        // The name is only built when someone listens (StartActivity answers null otherwise).
        using var activity = GatewayTracing.Source.HasListeners() ? GatewayTracing.Source.StartActivity("route " + protocol.Name, ActivityKind.Server) : null;
        activity?.SetTag("routing.request_id", recorder.Id);
        try
        {
            await HandleAsync(context, protocol, recorder);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            recorder.Finish(499, LedgerOutcomes.Cancelled, "The client went away.");
            throw;
        }
        finally
        {
            var record = recorder.ToRecord(storeStatus.IsDegraded, time.GetElapsedTime(started).TotalMilliseconds);
            activity?.SetTag("routing.role", record.Role);
            activity?.SetTag("routing.credential", record.Credential);
            activity?.SetTag("http.response.status_code", record.Status);
            foreach (var sink in _sinks)
            {
                sink.OnRequest(record);
            }
        }
    }

    private async Task HandleAsync(HttpContext context, IClientProtocol protocol, RequestRecorder recorder)
    {
        var config = active.Current;
        if (GatewayKeyAuthenticator.Authenticate(context.Request, config) is not { } tenant)
        {
            await RejectAsync(context, protocol, recorder, StatusCodes.Status401Unauthorized, "invalid_api_key", FrontDoorMessages.BadGatewayKey);
            return;
        }

        recorder.Tenant = tenant;
        var body = await RequestBodyReader.ReadAsync(context.Request, config.Server.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await RejectAsync(context, protocol, recorder, StatusCodes.Status413PayloadTooLarge, "request_too_large", FrontDoorMessages.BodyTooLarge(config.Server.MaxRequestBodyBytes));
            return;
        }

        var roleHeader = context.Request.Headers[RoutingHeaders.Role].ToString();
        var (inspection, invalid) = protocol.Inspect(body, roleHeader.Length > 0 ? roleHeader : null);
        if (inspection is null)
        {
            await RejectAsync(context, protocol, recorder, StatusCodes.Status400BadRequest, "invalid_request", invalid!);
            return;
        }

        recorder.RequestedModel = inspection.Features.RequestedModel;
        recorder.Stream = inspection.Features.Stream;
        var resolution = RoleResolver.Resolve(config, inspection.Features);
        if (!resolution.IsResolved)
        {
            var unknownModel = resolution.Error.Kind == RouteErrorKind.UnknownModel;
            await RejectAsync(context, protocol, recorder, unknownModel ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                unknownModel ? "model_not_found" : "unknown_role", resolution.Error.Message);
            return;
        }

        var target = resolution.Target;
        recorder.Target = target;
        using var deadline = new CancellationTokenSource(config.Resilience.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        var request = new RouteRequest(
            config, target, inspection.Features, RoutePlanner.Plan(config, target, inspection.Features),
            candidate => protocol.UpstreamBody(body, inspection, candidate),
            protocol.WireFormat,
            protocol.PassedHeaders(context.Request));

        var result = await executor.ExecuteAsync(request, linked.Token);
        recorder.Result = result;
        recorder.Served = result.Opened?.Candidate ?? result.PassThrough?.Candidate;
        RoutingHeaders.Write(context.Response, target, recorder.Served,
            result.Attempts.Count + (result.Opened is null ? 0 : 1), cluster.NodeId, storeStatus.IsDegraded);
        if (result.Opened is { } opened)
        {
            await RelayAsync(context, protocol, recorder, opened, inspection, linked.Token);
            return;
        }

        if (result.PassThrough is { } pass)
        {
            context.Response.StatusCode = pass.Status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(protocol.UpstreamErrorBody(pass.Candidate, pass.Status, pass.Body), context.RequestAborted);
            recorder.Finish(pass.Status, LedgerOutcomes.UpstreamRejected, $"upstream answered {pass.Status}");
            return;
        }

        if (result.Failure is { } failure)
        {
            var status = failure.Kind switch
            {
                RouteFailureKind.RateLimited => StatusCodes.Status429TooManyRequests,
                RouteFailureKind.Unservable => StatusCodes.Status400BadRequest,
                RouteFailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
                RouteFailureKind.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
                _ => StatusCodes.Status502BadGateway,
            };
            if (context.RequestAborted.IsCancellationRequested)
            {
                recorder.Finish(499, LedgerOutcomes.Cancelled, "The client went away.");
                return;
            }

            Log.RequestFailed(logger, target.Role, status, failure.Message);
            recorder.Finish(status, status == StatusCodes.Status429TooManyRequests ? LedgerOutcomes.RateLimited : LedgerOutcomes.Failed, failure.Message);
            await WriteErrorAsync(context, protocol, status, failure.Code ?? "upstream_failed", failure.Message, failure.RetryAfter);
        }
    }

    private async Task RelayAsync(HttpContext context, IClientProtocol protocol, RequestRecorder recorder, OpenedAttempt opened,
        FrontDoors.OpenAi.ChatRequestInspection inspection, CancellationToken cancellationToken)
    {
        await using (opened)
        {
            try
            {
                var translator = opened.IsStream ? null : protocol.BodyTranslator(opened.Candidate, inspection);
                var streamTranslator = opened.IsStream ? protocol.StreamTranslator(opened.Candidate, inspection) : null;
                var (status, usage, outcome) = streamTranslator is not null
                    ? await ResponseRelay.StreamAsync(context, opened, streamTranslator, cancellationToken, logger)
                    : await ResponseRelay.BodyAsync(context, opened, translator!, cancellationToken);
                recorder.Usage = usage;
                recorder.Finish(status, outcome switch
                {
                    OutcomeKind.Success => LedgerOutcomes.Success,
                    OutcomeKind.Cancelled when context.RequestAborted.IsCancellationRequested => LedgerOutcomes.Cancelled,
                    _ => LedgerOutcomes.Failed,
                }, outcome == OutcomeKind.Success ? null : $"stream ended: {outcome}");
                Log.RequestCompleted(logger, protocol.Name, recorder.Target!.Role, opened.Candidate.Model.Id, opened.Candidate.Credential.Id,
                    status, (recorder.Result?.Attempts.Count ?? 0) + 1, usage?.Total ?? 0, (long)opened.Elapsed.TotalMilliseconds);
            }
            catch (TranslationException ex)
            {
                Log.RequestFailed(logger, recorder.Target!.Role, StatusCodes.Status502BadGateway, ex.Message);
                var message = $"The upstream's answer ({opened.Candidate.Label}) could not be read: {ex.Message}";
                recorder.Finish(StatusCodes.Status502BadGateway, LedgerOutcomes.Failed, message);
                await WriteErrorAsync(context, protocol, StatusCodes.Status502BadGateway, "upstream_invalid", message);
            }
        }
    }

    private static Task RejectAsync(HttpContext context, IClientProtocol protocol, RequestRecorder recorder, int status, string code, string message)
    {
        recorder.Finish(status, LedgerOutcomes.Rejected, message);
        return WriteErrorAsync(context, protocol, status, code, message);
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
