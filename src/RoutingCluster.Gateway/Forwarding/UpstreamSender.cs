using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Polly;
using Polly.Timeout;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Plans;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Gateway.Tracing;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Sends one attempt through the provider's adapter and waits for its first byte (a whole body,
/// or a stream's first event) within the attempt timeout. Every way the outside world can fail
/// (status, connection, timeout, broken protocol) comes back as an <see cref="UpstreamReply"/>;
/// only the request's own cancellation is thrown.
/// </summary>
public sealed class UpstreamSender(ProviderAdapters adapters, PlanUsageReader plans, TimeProvider time)
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxResponseBodyBytes = 64 * 1024 * 1024;
    private const int MaxEventsBeforeData = 16;

    private readonly ConcurrentDictionary<TimeSpan, ResiliencePipeline> _attemptPipelines = new();

    public async Task<UpstreamReply> SendAsync(Candidate candidate, byte[] body, RouteRequest request, CancellationToken cancellationToken)
    {
        using var activity = GatewayTracing.Source.StartActivity("attempt", ActivityKind.Client);
        activity?.SetTag("routing.model", candidate.Model.Id);
        activity?.SetTag("routing.provider", candidate.Provider.Id);
        activity?.SetTag("routing.credential", candidate.Credential.Id);
        var startedAt = time.GetTimestamp();
        var sameWire = ProviderProtocols.WireFormat(candidate.Provider.Protocol) == request.Client.WireFormat;
        var upstream = new UpstreamRequest(candidate.Provider, candidate.Credential, candidate.Model, body, request.Features.Stream, sameWire ? request.Client.PassedHeaders : null);
        var adapter = adapters.For(candidate.Provider.Protocol);
        var timeout = request.Config.Resilience.AttemptTimeout;
        var pipeline = _attemptPipelines.GetOrAdd(timeout, t => new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(t).Build());
        UpstreamResponse? response = null;
        UpstreamReply.Failed failed;
        try
        {
            var reply = await pipeline.ExecuteAsync(
                async token =>
                {
                    response = await adapter.SendAsync(upstream, token);
                    return await ReadFirstAsync(response, candidate.Credential, upstream.Stream, request.Config.Limits.SseEventMaxBytes, startedAt, token);
                },
                cancellationToken);
            if (reply is UpstreamReply.Body or UpstreamReply.Stream)
            {
                return reply;
            }

            await response!.DisposeAsync();
            if (reply is UpstreamReply.Failed rateLimitedOrFailed)
            {
                activity?.SetTag("routing.outcome", rateLimitedOrFailed.Kind.ToString());
                activity?.SetStatus(ActivityStatusCode.Error, rateLimitedOrFailed.Detail);
            }

            return reply;
        }
        catch (TimeoutRejectedException)
        {
            failed = Failure(OutcomeKind.Timeout, null, $"no first byte within {DurationParser.Format(timeout)}", startedAt);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or UpstreamProtocolException)
        {
            // An exception's text can quote a URL or a header: masked before it reaches the log, the ledger or an answer.
            failed = ex is UpstreamProtocolException
                ? Failure(OutcomeKind.ServerError, response?.Status, ex.Message, startedAt)
                : Failure(OutcomeKind.ConnectError, response?.Status, $"connection failed: {SecretMasker.For(request.Config).Apply(ex.Message)}", startedAt);
        }
        catch
        {
            if (response is not null)
            {
                await response.DisposeAsync();
            }

            throw;
        }

        if (response is not null)
        {
            await response.DisposeAsync();
        }

        activity?.SetTag("routing.outcome", failed.Kind.ToString());
        activity?.SetStatus(ActivityStatusCode.Error, failed.Detail);
        return failed;
    }

    /// <summary>
    /// The stream's first event with data (keep-alive comments before it are dropped), which must be
    /// a JSON object: anything else (an HTML page, a bare [DONE]) is an upstream failure, found
    /// before the client has seen a byte, so the walk can fail over.
    /// </summary>
    private static async Task<SseEvent> ReadFirstEventAsync(SseEventReader reader, CancellationToken cancellationToken)
    {
        for (var events = 0; events < MaxEventsBeforeData; events++)
        {
            var next = await reader.ReadAsync(cancellationToken)
                ?? throw new UpstreamProtocolException("upstream stream ended before its first event");
            if (next.Data.Length == 0)
            {
                continue;
            }

            return JsonShape.IsOneObject(next.Data)
                ? next
                : throw new UpstreamProtocolException("upstream stream's first event is not a JSON object");
        }

        throw new UpstreamProtocolException($"upstream stream sent {MaxEventsBeforeData} events without data");
    }

    /// <summary>What the answer said of the key's limits and, for a subscription profile, of its plan.</summary>
    private RateLimitObservation? Limits(UpstreamResponse response, CredentialDefinition credential, ReadOnlySpan<byte> errorBody)
    {
        var now = time.GetUtcNow();
        return plans.Read(RateLimitHeaders.Parse(response.Header, now), credential, response.Header, response.Status, errorBody, now);
    }

    private UpstreamReply.Failed Failure(OutcomeKind kind, int? status, string detail, long startedAt) =>
        new(kind, status, detail) { Elapsed = time.GetElapsedTime(startedAt), RateLimits = null };

    private async Task<UpstreamReply> ReadFirstAsync(UpstreamResponse response, CredentialDefinition credential, bool stream, int sseEventMaxBytes, long startedAt, CancellationToken cancellationToken)
    {
        var status = response.Status;
        var success = status is >= 200 and < 300;
        if (success && stream)
        {
            var reader = new SseEventReader(response.Body, sseEventMaxBytes);
            var first = await ReadFirstEventAsync(reader, cancellationToken);
            return new UpstreamReply.Stream(response, first, reader) { Elapsed = time.GetElapsedTime(startedAt), RateLimits = Limits(response, credential, []) };
        }

        var body = await UpstreamBodyReader.ReadAsync(response.Body, response.ContentLength, success ? MaxResponseBodyBytes : MaxErrorBodyBytes, cancellationToken);
        var rateLimits = Limits(response, credential, success ? [] : body);
        var elapsed = time.GetElapsedTime(startedAt);
        if (success)
        {
            return new UpstreamReply.Body(response, body) { Elapsed = elapsed, RateLimits = rateLimits };
        }

        var kind = UpstreamStatus.Classify(status);
        var detail = $"upstream answered {status.ToString(CultureInfo.InvariantCulture)}{UpstreamStatus.ErrorSnippet(body)}";
        return kind == OutcomeKind.ClientError
            ? new UpstreamReply.ClientError(status, body, detail) { Elapsed = elapsed, RateLimits = rateLimits }
            : new UpstreamReply.Failed(kind, status, detail) { Elapsed = elapsed, RateLimits = rateLimits };
    }
}
