using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Polly;
using Polly.Timeout;
using RoutingCluster.Cluster;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Gateway.Tracing;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Routing;
using RoutingCluster.Routing.Strategies;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Walks a request's plan: per step, drops candidates the entities say are unavailable, orders the
/// rest by the step's strategy, acquires atomically, and sends. A failure before the first byte
/// (429, 5xx, connect error, timeout, 401/403) settles that attempt and moves to the next
/// candidate; the first successful first byte ends the walk.
/// </summary>
public sealed class RouteExecutor(
    IEntityStore store,
    IStoreStatus storeStatus,
    IClusterView cluster,
    ProviderAdapters adapters,
    StrategyRegistry strategies,
    TimeProvider time,
    ILogger<RouteExecutor> logger)
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxResponseBodyBytes = 64 * 1024 * 1024;

    private readonly ConcurrentDictionary<TimeSpan, ResiliencePipeline> _attemptPipelines = new();

    public async Task<RouteResult> ExecuteAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        var attempts = new List<AttemptRecord>();
        var skipped = new List<SkippedCandidate>();
        try
        {
            return await WalkAsync(request, attempts, skipped, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Failed(request, attempts, skipped, cancelled: true);
        }
    }

    private async Task<RouteResult> WalkAsync(RouteRequest request, List<AttemptRecord> attempts, List<SkippedCandidate> skipped, CancellationToken cancellationToken)
    {
        var config = request.Config;
        var settler = new AttemptSettler(store, time, config, storeStatus);
        var leaseTtl = config.Resilience.RequestTimeout + TimeSpan.FromSeconds(30);

        // Provider states read once per request for ranking, reused when acquiring (one round trip
        // fewer per attempt in cluster mode); the atomic decisions still happen in the transitions.
        var providers = settler.Providers;

        foreach (var step in request.Plan)
        {
            skipped.AddRange(step.Skipped);
            var available = await RankAsync(step, request, settler, providers, skipped, cancellationToken);
            var ordered = strategies.Get(step.Step.Strategy).Order(available, new StepContext(request.Target.Role, step.Step.Index));
            foreach (var ranked in ordered)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return Failed(request, attempts, skipped, cancelled: true);
                }

                var candidate = ranked.Candidate;
                byte[] body;
                try
                {
                    body = request.BodyFor(candidate);
                }
                catch (TranslationException ex)
                {
                    skipped.Add(new SkippedCandidate(candidate, SkipReason.Untranslatable, ex.Message, null));
                    continue;
                }

                var leaseId = Guid.NewGuid().ToString("N");
                if (await AcquireAsync(candidate, leaseId, leaseTtl, config, settler, providers[candidate.Provider.Id]) is { } refusal)
                {
                    skipped.Add(refusal);
                    continue;
                }

                var outcome = await SendAsync(candidate, leaseId, body, request, settler, cancellationToken);
                if (outcome.Opened is not null || outcome.PassThrough is not null)
                {
                    if (outcome.Record is { } passRecord)
                    {
                        attempts.Add(passRecord);
                    }

                    return new RouteResult(outcome.Opened, outcome.PassThrough, null, attempts, skipped);
                }

                attempts.Add(outcome.Record!);
                Log.AttemptFailed(logger, request.Target.Role, candidate.Model.Id, candidate.Credential.Id, outcome.Record!.Detail);
                if (outcome.Record!.Outcome == OutcomeKind.Cancelled)
                {
                    return Failed(request, attempts, skipped, cancelled: true);
                }

                // The failure may just have tripped the provider's breaker: later candidates see it.
                providers[candidate.Provider.Id] = await store.ReadAsync<ProviderState>(EntityKey.Provider(candidate.Provider.Id), cancellationToken);
            }
        }

        return Failed(request, attempts, skipped, cancelled: false);
    }

    /// <param name="cancelled">The request's token fired: its deadline passed, or the caller went away
    /// (then the front door has no one to answer and writes nothing).</param>
    private RouteResult Failed(RouteRequest request, List<AttemptRecord> attempts, List<SkippedCandidate> skipped, bool cancelled) =>
        new(null, null, RouteFailures.Build(request.Target.Role, attempts, skipped, time.GetUtcNow(), cancelled), attempts, skipped);

    private async Task<List<RankedCandidate>> RankAsync(
        PlannedStep step, RouteRequest request, AttemptSettler settler, Dictionary<string, ProviderState> providers, List<SkippedCandidate> skipped, CancellationToken cancellationToken)
    {
        await ReadStatesAsync(step, settler, providers, cancellationToken);
        var now = time.GetUtcNow();
        var available = new List<RankedCandidate>(step.Candidates.Count);
        foreach (var candidate in step.Candidates)
        {
            var state = settler.Credentials[candidate.Credential.Id];
            var view = CredentialTransitions.View(state, settler.PolicyFor(candidate), candidate.ReservedTokens, now);
            if (view.Refusal is { } refusal)
            {
                skipped.Add(SkippedCandidate.From(candidate, refusal));
                continue;
            }

            var provider = providers[candidate.Provider.Id];
            var (open, retryAt) = ProviderTransitions.Peek(provider, request.Config.Resilience.Breaker, now);
            if (!open)
            {
                skipped.Add(new SkippedCandidate(candidate, SkipReason.ProviderBreakerOpen,
                    retryAt is { } at ? $"provider {candidate.Provider.Id} breaker open until {at:HH:mm:ss}" : $"provider {candidate.Provider.Id} breaker half-open, probe in flight", retryAt));
                continue;
            }

            available.Add(new RankedCandidate(candidate, view));
        }

        return available;
    }

    /// <summary>
    /// Reads the step's credential states, and the states of providers not read yet in this
    /// request, all at once: a shared store answers reads issued together in one round trip.
    /// </summary>
    private async Task ReadStatesAsync(PlannedStep step, AttemptSettler settler, Dictionary<string, ProviderState> providers, CancellationToken cancellationToken)
    {
        var credentialIds = step.Candidates.Select(c => c.Credential.Id).Distinct(StringComparer.Ordinal).ToArray();
        var providerIds = step.Candidates.Select(c => c.Provider.Id).Where(id => !providers.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        var (credentials, providerStates) = await store.ReadManyAsync<CredentialState, ProviderState>(
            credentialIds.Select(EntityKey.Credential).ToArray(), providerIds.Select(EntityKey.Provider).ToArray(), cancellationToken);
        for (var i = 0; i < credentialIds.Length; i++)
        {
            settler.Credentials[credentialIds[i]] = credentials[i];
        }

        for (var i = 0; i < providerIds.Length; i++)
        {
            providers[providerIds[i]] = providerStates[i];
        }
    }

    /// <summary>Takes the provider's probe slot when its breaker is not closed, then the credential's lease.</summary>
    private async Task<SkippedCandidate?> AcquireAsync(
        Candidate candidate, string leaseId, TimeSpan leaseTtl, GatewayDefinition config, AttemptSettler settler, ProviderState provider)
    {
        var breaker = config.Resilience.Breaker;
        var probing = provider.Breaker.PhaseAt(time.GetUtcNow()) != BreakerPhase.Closed;
        if (probing && await store.AdmitProviderAsync(candidate.Provider.Id, leaseId, time.GetUtcNow() + leaseTtl, breaker) is { } providerRefusal)
        {
            return SkippedCandidate.From(candidate, providerRefusal, provider: true);
        }

        var acquired = await store.AcquireCredentialAsync(
            candidate.Credential.Id,
            settler.Credentials.GetValueOrDefault(candidate.Credential.Id) ?? CredentialState.Initial,
            new AcquireCommand(leaseId, candidate.ReservedTokens, leaseTtl, settler.PolicyFor(candidate), cluster.NodeId));
        if (acquired.Refusal is { } refusal)
        {
            if (probing)
            {
                await store.CancelProviderProbeAsync(candidate.Provider.Id, leaseId);
            }

            return SkippedCandidate.From(candidate, refusal);
        }

        return null;
    }

    private async Task<SendOutcome> SendAsync(Candidate candidate, string leaseId, byte[] body, RouteRequest request, AttemptSettler settler, CancellationToken cancellationToken)
    {
        using var activity = GatewayTracing.Source.StartActivity("attempt", ActivityKind.Client);
        activity?.SetTag("routing.model", candidate.Model.Id);
        activity?.SetTag("routing.provider", candidate.Provider.Id);
        activity?.SetTag("routing.credential", candidate.Credential.Id);
        var startedAt = time.GetTimestamp();
        var sameWire = ProviderProtocols.WireFormat(candidate.Provider.Protocol) == request.ClientWireFormat;
        var upstream = new UpstreamRequest(candidate.Provider, candidate.Credential, candidate.Model, body, request.Features.Stream, sameWire ? request.PassedHeaders : null);
        var adapter = adapters.For(candidate.Provider.Protocol);
        var pipeline = _attemptPipelines.GetOrAdd(request.Config.Resilience.AttemptTimeout,
            timeout => new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(timeout).Build());
        UpstreamResponse? response = null;
        AttemptOutcome outcome;
        string detail;
        try
        {
            var first = await pipeline.ExecuteAsync(
                async token =>
                {
                    response = await adapter.SendAsync(upstream, token);
                    return await ReadFirstAsync(response, upstream.Stream, token);
                },
                cancellationToken);
            var rateLimits = RateLimitHeaders.Parse(response!.Header, time.GetUtcNow());
            var elapsed = time.GetElapsedTime(startedAt);
            var status = response.Status;
            if (status is >= 200 and < 300)
            {
                var opened = new OpenedAttempt(candidate, leaseId, response, first.Body, first.Event, first.Reader, settler, startedAt, elapsed, rateLimits);
                return new SendOutcome(opened, null, null);
            }

            var kind = ClassifyStatus(status);
            outcome = new AttemptOutcome(kind, status, null, elapsed, null, rateLimits);
            detail = $"upstream answered {status.ToString(CultureInfo.InvariantCulture)}{ErrorSnippet(first.Body)}";
            if (kind == OutcomeKind.ClientError)
            {
                await settler.SettleAsync(candidate, leaseId, outcome);
                var pass = new PassThroughAnswer(candidate, status, response.ContentType, first.Body ?? []);
                await response.DisposeAsync();
                return new SendOutcome(null, pass, new AttemptRecord(candidate, kind, status, detail, elapsed));
            }
        }
        catch (TimeoutRejectedException)
        {
            outcome = new AttemptOutcome(OutcomeKind.Timeout, null, null, time.GetElapsedTime(startedAt));
            detail = $"no first byte within {DurationParser.Format(request.Config.Resilience.AttemptTimeout)}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = new AttemptOutcome(OutcomeKind.Cancelled, null, null, time.GetElapsedTime(startedAt));
            detail = "request cancelled or its deadline passed";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or UpstreamProtocolException)
        {
            outcome = new AttemptOutcome(ex is UpstreamProtocolException ? OutcomeKind.ServerError : OutcomeKind.ConnectError, response?.Status, null, time.GetElapsedTime(startedAt));
            detail = ex is UpstreamProtocolException ? ex.Message : $"connection failed: {ex.Message}";
        }

        if (response is not null)
        {
            await response.DisposeAsync();
        }

        await settler.SettleAsync(candidate, leaseId, outcome);
        activity?.SetTag("routing.outcome", outcome.Kind.ToString());
        activity?.SetStatus(ActivityStatusCode.Error, detail);
        var now = time.GetUtcNow();
        DateTimeOffset? retryAt = outcome.Kind == OutcomeKind.RateLimited
            ? outcome.RateLimits?.RetryAt ?? outcome.RateLimits?.ExhaustedUntil(now) ?? now + AttemptSettler.DefaultCooldown
            : null;
        return new SendOutcome(null, null, new AttemptRecord(candidate, outcome.Kind, outcome.Status, detail, outcome.Latency ?? TimeSpan.Zero, retryAt));
    }

    private static async Task<FirstRead> ReadFirstAsync(UpstreamResponse response, bool stream, CancellationToken cancellationToken)
    {
        var success = response.Status is >= 200 and < 300;
        if (success && stream)
        {
            var reader = new SseEventReader(response.Body);
            var first = await reader.ReadAsync(cancellationToken)
                ?? throw new UpstreamProtocolException("upstream stream ended before its first event");
            return new FirstRead(null, first, reader);
        }

        var body = await ReadBoundedAsync(response.Body, response.ContentLength, success ? MaxResponseBodyBytes : MaxErrorBodyBytes, cancellationToken);
        return new FirstRead(body, null, null);
    }

    /// <summary>
    /// The whole body, refused past <paramref name="limit"/>. A declared length within the limit is
    /// read straight into an array of that size; otherwise the body grows in a pooled buffer that is
    /// copied out once.
    /// </summary>
    private static async Task<byte[]> ReadBoundedAsync(Stream body, long? declared, int limit, CancellationToken cancellationToken)
    {
        if (declared is { } length && length <= limit)
        {
            var exact = new byte[length];
            // The HTTP client never reads past a declared length; a body that ends short is broken.
            var filled = await body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken);
            return filled == exact.Length
                ? exact
                : throw new UpstreamProtocolException($"upstream body ended after {filled} of its declared {length} bytes");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var count = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(count), cancellationToken)) > 0)
            {
                count += read;
                if (count > limit)
                {
                    throw new UpstreamProtocolException($"upstream body larger than {limit} bytes");
                }

                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static OutcomeKind ClassifyStatus(int status) => status switch
    {
        429 => OutcomeKind.RateLimited,
        401 or 403 => OutcomeKind.AuthFailed,
        408 => OutcomeKind.Timeout,
        >= 500 => OutcomeKind.ServerError,
        _ => OutcomeKind.ClientError,
    };

    /// <summary>
    /// The upstream error's <c>code</c> or <c>type</c> only: upstream messages may quote part of the
    /// key (e.g. "Incorrect API key provided: sk-...abcd"), so their text never reaches our answers.
    /// </summary>
    private static string ErrorSnippet(byte[]? body)
    {
        if (body is not { Length: > 0 })
        {
            return "";
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var name in (string[])["code", "type"])
                {
                    if (error.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
                        && value.GetString() is { Length: > 0 and <= 64 } text && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                    {
                        return $" {text}";
                    }
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return "";
    }

    private readonly record struct FirstRead(byte[]? Body, SseEvent? Event, SseEventReader? Reader);

    private sealed record SendOutcome(OpenedAttempt? Opened, PassThroughAnswer? PassThrough, AttemptRecord? Record);
}

/// <summary>The upstream broke its protocol (e.g. a stream that ended before any event).</summary>
public sealed class UpstreamProtocolException(string message) : Exception(message);
