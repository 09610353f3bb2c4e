using RoutingCluster.Cluster;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Budgets;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Routing;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Walks a request's plan and owns every attempt end to end: per step, ranks the candidates; per
/// candidate, builds its upstream body (a candidate that cannot carry the request is skipped),
/// acquires, sends, relays the answer through the front door's <see cref="IResponseSink"/>, and
/// settles the attempt exactly once in its own <c>finally</c>. A failure before the first byte
/// (429, 5xx, connect error, timeout, 401/403) moves on to the next candidate; the first answer
/// ends the walk. Returns a closed <see cref="RouteOutcome"/>; nothing below calls back up.
/// A tenant that declares rate limits holds one lease on its limiter for the whole walk
/// (<see cref="TenantLimiter"/>), settled in the background once the walk ends.
/// </summary>
public sealed class RouteExecutor(
    CandidateRanker ranker,
    LeaseAcquirer acquirer,
    UpstreamSender sender,
    StreamRelay streams,
    AttemptSettler settler,
    WireBridges bridges,
    FleetView fleet,
    BackgroundSettles settles,
    BudgetGuard budgets,
    TenantLimiter tenants,
    IClusterView cluster,
    TimeProvider time,
    ILogger<RouteExecutor> logger)
{
    private static readonly AttemptOutcome CancelledAttempt = new(OutcomeKind.Cancelled, null, null, null);

    public async Task<RouteOutcome> ExecuteAsync(RouteRequest request, IResponseSink sink, CancellationToken cancellationToken)
    {
        if (!TenantLimiting.Limits(request.Tenant))
        {
            return await ExecuteWalkAsync(request, sink, cancellationToken);
        }

        var tenantLease = Guid.NewGuid().ToString("N");
        if (await tenants.AcquireAsync(request, tenantLease, LeaseAcquirer.LeaseTtl(request.Config), cluster.SiloAddress, time.GetUtcNow()) is { } refused)
        {
            return new RouteOutcome.Failed(refused, [], []);
        }

        RouteOutcome? outcome = null;
        try
        {
            return outcome = await ExecuteWalkAsync(request, sink, cancellationToken);
        }
        finally
        {
            // Tokens the request used count in the tenant's tpm; an answer without usage keeps its reservation.
            long? used = outcome is RouteOutcome.Answered answered ? answered.Usage?.ClampedTo(answered.Served.Model).Total : 0;
            settles.Track(tenants.SettleAsync(request, tenantLease, used));
        }
    }

    private async Task<RouteOutcome> ExecuteWalkAsync(RouteRequest request, IResponseSink sink, CancellationToken cancellationToken)
    {
        var walk = new Walk();
        RouteOutcome outcome;
        try
        {
            outcome = await WalkAsync(request, sink, walk, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = Failed(request, walk, cancelled: true);
        }

        if (outcome is RouteOutcome.Answered && request.Budgets is { } requestBudgets)
        {
            budgets.NoteAnswered(requestBudgets);
        }

        return outcome;
    }

    private async Task<RouteOutcome> WalkAsync(RouteRequest request, IResponseSink sink, Walk walk, CancellationToken cancellationToken)
    {
        foreach (var step in request.Plan)
        {
            walk.Skipped.AddRange(step.Skipped);
            foreach (var ranked in ranker.Rank(step, request, walk.States, walk.Skipped))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return Failed(request, walk, cancelled: true);
                }

                if (await TryAsync(ranked.Candidate, request, sink, walk, cancellationToken) is { } outcome)
                {
                    return outcome;
                }
            }
        }

        // Nothing was tried: before the client is refused, the grains of the candidates this node's
        // view skipped get the last word, since a verdict that ended elsewhere (an operator reset, a
        // breaker closed on another node) may not have reached the view yet.
        if (walk.Attempts.Count == 0)
        {
            foreach (var skip in walk.Skipped.Where(s => s.FromView).ToList())
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return Failed(request, walk, cancelled: true);
                }

                walk.Skipped.Remove(skip);
                walk.States.Providers[skip.Candidate.Provider.Id] = fleet.Provider(skip.Candidate.Provider.Id);
                if (await TryAsync(skip.Candidate, request, sink, walk, cancellationToken) is { } outcome)
                {
                    return outcome;
                }
            }
        }

        return Failed(request, walk, cancelled: false);
    }

    /// <summary>One candidate: its upstream body, its lease, its attempt.</summary>
    /// <returns>How the request ended, or null when the candidate was skipped or failed before its first byte.</returns>
    private async Task<RouteOutcome?> TryAsync(Candidate candidate, RouteRequest request, IResponseSink sink, Walk walk, CancellationToken cancellationToken)
    {
        var bridge = bridges.For(request.Client.WireFormat, ProviderProtocols.WireFormat(candidate.Provider.Protocol));
        byte[] body;
        switch (bridge.TranslateRequest(request.Client.Body, request.Client.Inspection, candidate.Model))
        {
            case RequestTranslation.Translated translated:
                body = translated.Body;
                break;
            case RequestTranslation.Untranslatable untranslatable:
                walk.Skipped.Add(new SkippedCandidate(candidate, SkipReason.Untranslatable, untranslatable.Reason, null));
                return null;
            default:
                throw new InvalidOperationException("Unknown request translation.");
        }

        var leaseId = Guid.NewGuid().ToString("N");
        if (await acquirer.AcquireAsync(candidate, leaseId, request, walk.States) is { } refusal)
        {
            walk.Skipped.Add(refusal);
            return null;
        }

        if (await AttemptAsync(candidate, leaseId, body, bridge, request, sink, walk, cancellationToken) is { } outcome)
        {
            return outcome;
        }

        // The failure may just have tripped the provider's breaker (its settle was awaited): later candidates see it.
        walk.States.Providers[candidate.Provider.Id] = fleet.Provider(candidate.Provider.Id);
        return null;
    }

    /// <summary>One attempt on an acquired lease, from the send to its settle.</summary>
    /// <returns>How the request ended, or null when this attempt failed before its first byte (it is in
    /// <see cref="Walk.Attempts"/>) and the next candidate may be tried.</returns>
    private async Task<RouteOutcome?> AttemptAsync(
        Candidate candidate, string leaseId, byte[] body, IWireBridge bridge, RouteRequest request, IResponseSink sink, Walk walk, CancellationToken cancellationToken)
    {
        var startedAt = time.GetTimestamp();
        // What the attempt came to, settled once in the finally; stays "cancelled" if anything below throws.
        var settle = CancelledAttempt;
        Wire.TokenUsage? usage = null;
        UpstreamResponse? opened = null;
        RouteOutcome? ended = null;
        try
        {
            UpstreamReply reply;
            try
            {
                reply = await sender.SendAsync(candidate, body, request, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                var latency = time.GetElapsedTime(startedAt);
                settle = new AttemptOutcome(OutcomeKind.Cancelled, null, null, latency);
                RecordFailedAttempt(request, walk, candidate, new AttemptRecord(candidate, OutcomeKind.Cancelled, null, "request cancelled or its deadline passed", latency));
                return ended = Failed(request, walk, cancelled: true);
            }

            switch (reply)
            {
                case UpstreamReply.Failed failed:
                    settle = new AttemptOutcome(failed.Kind, failed.Status, null, failed.Elapsed, null, failed.RateLimits);
                    RecordFailedAttempt(request, walk, candidate, new AttemptRecord(candidate, failed.Kind, failed.Status, failed.Detail, failed.Elapsed, Cooldown(failed, candidate)));
                    return null;

                case UpstreamReply.ClientError rejected:
                    settle = new AttemptOutcome(OutcomeKind.ClientError, rejected.Status, null, rejected.Elapsed, null, rejected.RateLimits);
                    walk.Attempts.Add(new AttemptRecord(candidate, OutcomeKind.ClientError, rejected.Status, rejected.Detail, rejected.Elapsed));
                    sink.Start(rejected.Status, candidate, walk.Attempts.Count, stream: false);
                    await sink.WriteBodyAsync(
                        UpstreamErrorRebuilder.Rebuild(rejected.Content, rejected.Status, bridge.UpstreamWire, bridge.ClientWire, SecretMasker.For(request.Config)), cancellationToken);
                    return ended = new RouteOutcome.Rejected(candidate, rejected.Status, walk.Attempts, walk.Skipped);

                case UpstreamReply.Body answer:
                    opened = answer.Response;
                    var status = answer.Response.Status;
                    var translation = TranslateBody(bridge, request, answer.Content);
                    if (translation is BodyTranslation.Unreadable unreadable)
                    {
                        // Nothing reached the client yet: a broken success is an upstream failure like a 5xx, and the walk goes on.
                        var unreadableAfter = time.GetElapsedTime(startedAt);
                        settle = new AttemptOutcome(OutcomeKind.ServerError, status, null, unreadableAfter, answer.Elapsed, answer.RateLimits);
                        RecordFailedAttempt(request, walk, candidate, new AttemptRecord(
                            candidate, OutcomeKind.ServerError, status, $"upstream answered {status} with an unreadable body: {unreadable.Reason}", unreadableAfter));
                        return null;
                    }

                    var translated = (BodyTranslation.Translated)translation;
                    sink.Start(status, candidate, walk.Attempts.Count + 1, stream: false);
                    await sink.WriteBodyAsync(translated.Body, cancellationToken);
                    usage = translated.Usage;
                    (settle, var elapsed) = Served(walk, candidate, OutcomeKind.Success, status, translated.Usage, answer, startedAt);
                    return ended = new RouteOutcome.Answered(candidate, status, OutcomeKind.Success, translated.Usage, elapsed, walk.Attempts, walk.Skipped);

                case UpstreamReply.Stream stream:
                    opened = stream.Response;
                    var (end, streamUsage) = await streams.RelayAsync(stream, bridge.StreamTranslator(request.Client.Inspection), sink, candidate, walk.Attempts.Count + 1, cancellationToken);
                    usage = streamUsage;
                    (settle, var streamed) = Served(walk, candidate, end, stream.Response.Status, streamUsage, stream, startedAt);
                    return ended = new RouteOutcome.Answered(candidate, stream.Response.Status, end, streamUsage, streamed, walk.Attempts, walk.Skipped);

                default:
                    throw new InvalidOperationException($"Unknown upstream reply {reply.GetType().Name}.");
            }
        }
        finally
        {
            var settling = settler.SettleAsync(candidate, leaseId, settle, request.Config, walk.States.Providers.GetValueOrDefault(candidate.Provider.Id));
            if (request.Budgets is { } requestBudgets)
            {
                settling = Task.WhenAll(settling, budgets.SettleAsync(requestBudgets, candidate, leaseId, usage, settle.Status, request.Config));
            }

            if (ended is null)
            {
                // The walk goes on: the next candidate must see what this failure did to the breaker.
                await settling;
            }
            else
            {
                // The answer is complete: settling must not hold it.
                settles.Track(settling);
            }

            if (opened is not null)
            {
                await opened.DisposeAsync();
            }
        }
    }

    /// <summary>The upstream body in the client's format; a body whose strings are not Unicode, or whose fields
    /// have unexpected types, is as unreadable as one that is not JSON.</summary>
    private static BodyTranslation TranslateBody(IWireBridge bridge, RouteRequest request, byte[] content)
    {
        try
        {
            return bridge.BodyTranslator(request.Client.Inspection).Translate(content);
        }
        catch (InvalidOperationException)
        {
            return new BodyTranslation.Unreadable("the body holds a string that is not valid Unicode or a field of an unexpected type");
        }
    }

    /// <summary>Records the attempt whose answer ended the walk; returns what to settle it with and its whole length.</summary>
    private (AttemptOutcome Settle, TimeSpan Latency) Served(Walk walk, Candidate candidate, OutcomeKind end, int status, Wire.TokenUsage? usage, UpstreamReply reply, long startedAt)
    {
        var latency = time.GetElapsedTime(startedAt);
        walk.Attempts.Add(new AttemptRecord(candidate, end, status, null, latency, TimeToFirstByte: reply.Elapsed));
        return (new AttemptOutcome(end, status, usage?.Total, latency, reply.Elapsed, reply.RateLimits), latency);
    }

    private void RecordFailedAttempt(RouteRequest request, Walk walk, Candidate candidate, AttemptRecord record)
    {
        walk.Attempts.Add(record);
        Log.AttemptFailed(logger, request.Target.Role, candidate.Model.Id, candidate.Credential.Id, record.Detail ?? "");
    }

    /// <summary>For a 429: the cooldown its settle gives the credential (capped as the settle caps it), for the ledger.</summary>
    private LearnedCooldown? Cooldown(UpstreamReply.Failed failed, Candidate candidate) =>
        failed.Kind == OutcomeKind.RateLimited
            ? AttemptSettler.CooldownFor(candidate).Decide(failed.RateLimits ?? RateLimitObservation.Empty, failed.Kind, time.GetUtcNow())
            : null;

    private RouteOutcome.Failed Failed(RouteRequest request, Walk walk, bool cancelled) =>
        new(RouteFailures.Build(request.Target.Role, walk.Attempts, walk.Skipped, time.GetUtcNow(), cancelled), walk.Attempts, walk.Skipped);

    /// <summary>What one request's walk has gathered so far.</summary>
    private sealed class Walk
    {
        public List<AttemptRecord> Attempts { get; } = [];

        public List<SkippedCandidate> Skipped { get; } = [];

        public RequestStates States { get; } = new();
    }
}
