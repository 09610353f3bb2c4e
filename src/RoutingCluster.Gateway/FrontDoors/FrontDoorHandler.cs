using System.Diagnostics;
using RoutingCluster.Cluster;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Budgets;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Ledger;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Tracing;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Ledger;
using RoutingCluster.Routing;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>
/// The request flow shared by every front door: authenticate, read only what routing needs,
/// resolve the role, plan, and hand the request to the <see cref="RouteExecutor"/> with a sink
/// that writes the client's response. The executor's <see cref="RouteOutcome"/> decides what is
/// left to write (an error in the client's own wire format, <see cref="IClientProtocol"/>) and what
/// is recorded. However it ends, the request is recorded once (<see cref="IRequestSink"/>: ledger, metrics).
/// </summary>
public sealed class FrontDoorHandler(
    ActiveConfig active,
    RouteExecutor executor,
    IClusterView cluster,
    IEnumerable<IRequestSink> sinks,
    TimeProvider time,
    ILogger<FrontDoorHandler> logger)
{
    public const string RequestIdHeader = "x-routing-request-id";

    /// <summary>The error code of a request the tenant's policy leaves no candidate for (403).</summary>
    public const string PolicyDeniedCode = "policy_denied";

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
            var record = recorder.ToRecord(time.GetElapsedTime(started).TotalMilliseconds);
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
        // The front door checks the gateway key itself (no authorization policy on the hot path) so that a refusal is recorded here.
        if (GatewayKeyAuthenticator.Authenticate(context.Request, config) is not { } caller)
        {
            await RejectAsync(context, protocol, recorder, StatusCodes.Status401Unauthorized, "invalid_api_key", FrontDoorMessages.BadGatewayKey);
            return;
        }

        recorder.GatewayKey = caller.KeyId;
        recorder.Tenant = caller.TenantId;
        if (caller.Tenant is not { } tenant)
        {
            await RejectAsync(context, protocol, recorder, StatusCodes.Status403Forbidden, "admin_key", FrontDoorMessages.AdminKeyNoModels);
            return;
        }

        var headers = protocol.PassedHeaders(context.Request);
        if (headers is HeaderReading.Invalid badHeader)
        {
            await RejectAsync(context, protocol, recorder, StatusCodes.Status400BadRequest, "invalid_header", badHeader.Message);
            return;
        }

        var passedHeaders = ((HeaderReading.Passed)headers).Headers;

        byte[]? body;
        try
        {
            body = await RequestBodyReader.ReadAsync(context.Request, config.Server.MaxRequestBodyBytes, context.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            // Malformed framing, a body slower than Kestrel's minimum rate (408), a length that lies.
            await RejectAsync(context, protocol, recorder, ex.StatusCode, "bad_request", ex.Message);
            return;
        }

        if (body is null)
        {
            await RejectAsync(context, protocol, recorder, StatusCodes.Status413PayloadTooLarge, "request_too_large", FrontDoorMessages.BodyTooLarge(config.Server.MaxRequestBodyBytes));
            return;
        }

        var roleHeader = context.Request.Headers[RoutingHeaders.Role].ToString();
        var reading = protocol.Inspect(body, roleHeader.Length > 0 ? roleHeader : null);
        if (reading is RequestReading.Invalid invalid)
        {
            await RejectAsync(context, protocol, recorder, StatusCodes.Status400BadRequest, "invalid_request", invalid.Message);
            return;
        }

        var inspection = ((RequestReading.Read)reading).Inspection;
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
        if (tenant.ShapesRoutes)
        {
            recorder.Policy = tenant.Id;
            context.Response.Headers[RoutingHeaders.Policy] = tenant.Id;
        }

        var plan = RoutePlanner.Plan(config, target, inspection.Features, tenant);
        if ((TenantRouting.RefuseTarget(tenant, target) ?? PolicyDenial(tenant, target, plan)) is { } denied)
        {
            RoutingHeaders.Write(context.Response, target, null, 0, cluster.NodeId);
            await RejectAsync(context, protocol, recorder, StatusCodes.Status403Forbidden, PolicyDeniedCode, denied);
            return;
        }

        using var deadline = new CancellationTokenSource(config.Resilience.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        var request = new RouteRequest(
            config, target, plan,
            new ClientRequest(body, inspection, protocol.WireFormat, passedHeaders))
        {
            Tenant = tenant,
            KeyId = caller.KeyId,
            Budgets = RequestBudgets.For(tenant, caller.KeyId),
        };
        var responseSink = new HttpResponseSink(context, target, cluster.NodeId, request.Budgets);
        var outcome = await executor.ExecuteAsync(request, responseSink, linked.Token);
        recorder.Outcome = outcome;
        if (!context.Response.HasStarted)
        {
            RoutingHeaders.Write(context.Response, target, null, outcome.Attempts.Count, cluster.NodeId);
        }

        await AnswerAsync(context, protocol, recorder, target, outcome);
    }

    /// <summary>Ends the request as the executor's outcome says: records it, and writes what the executor did not.</summary>
    private async Task AnswerAsync(HttpContext context, IClientProtocol protocol, RequestRecorder recorder, RouteTarget target, RouteOutcome outcome)
    {
        switch (outcome)
        {
            case RouteOutcome.Answered answered:
                recorder.Usage = answered.Usage;
                recorder.Finish(answered.Status, answered.End switch
                {
                    OutcomeKind.Success => LedgerOutcomes.Success,
                    OutcomeKind.Cancelled when context.RequestAborted.IsCancellationRequested => LedgerOutcomes.Cancelled,
                    _ => LedgerOutcomes.Failed,
                }, answered.End == OutcomeKind.Success ? null : $"stream ended: {answered.End}");
                Log.RequestCompleted(logger, protocol.Name, target.Role, answered.Served.Model.Id, answered.Served.Credential.Id,
                    answered.Status, outcome.Attempts.Count, answered.Usage?.ClampedTo(answered.Served.Model).Total ?? 0, (long)answered.Elapsed.TotalMilliseconds);
                break;

            case RouteOutcome.Rejected rejected:
                recorder.Finish(rejected.Status, LedgerOutcomes.UpstreamRejected, $"upstream answered {rejected.Status}");
                break;

            case RouteOutcome.Failed { Failure: var failure }:
                if (context.RequestAborted.IsCancellationRequested)
                {
                    recorder.Finish(499, LedgerOutcomes.Cancelled, "The client went away.");
                    return;
                }

                var status = StatusOf(failure.Kind);
                Log.RequestFailed(logger, target.Role, status, failure.Message);
                recorder.Finish(status, status == StatusCodes.Status429TooManyRequests ? LedgerOutcomes.RateLimited : LedgerOutcomes.Failed, failure.Message, failure.Code);
                await WriteErrorAsync(context, protocol, status, failure.Code, failure.Message, failure.RetryAfter);
                break;
        }
    }

    /// <summary>
    /// No candidate of the chain is left and the tenant's policy excluded some: refused before any
    /// upstream is called, naming each rule that did, rather than routed anywhere else.
    /// </summary>
    private static string? PolicyDenial(TenantDefinition tenant, RouteTarget target, IReadOnlyList<PlannedStep> plan)
    {
        if (plan.Any(step => step.Candidates.Count > 0))
        {
            return null;
        }

        var rules = plan.SelectMany(step => step.Skipped).Where(s => s.Reason == SkipReason.Policy).Select(s => s.Detail).Distinct(StringComparer.Ordinal).ToList();
        return rules.Count == 0
            ? null
            : $"No candidate of {(target.DirectModel is { } model ? $"model `{model}`" : $"role `{target.Role}`")} is allowed for tenant `{tenant.Id}`: {string.Join("; ", rules)}.";
    }

    private static int StatusOf(RouteFailureKind kind) => kind switch
    {
        RouteFailureKind.RateLimited or RouteFailureKind.BudgetExceeded => StatusCodes.Status429TooManyRequests,
        RouteFailureKind.Unservable => StatusCodes.Status400BadRequest,
        RouteFailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        RouteFailureKind.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status502BadGateway,
    };

    private static Task RejectAsync(HttpContext context, IClientProtocol protocol, RequestRecorder recorder, int status, string code, string message)
    {
        recorder.Finish(status, LedgerOutcomes.Rejected, message, code);
        return WriteErrorAsync(context, protocol, status, code, message);
    }

    public static Task WriteErrorAsync(HttpContext context, IClientProtocol protocol, int status, string code, string message, TimeSpan? retryAfter = null) =>
        JsonErrorResponse.WriteAsync(context, status, protocol.ErrorBody(status, code, message), retryAfter);
}
