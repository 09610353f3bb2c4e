using System.Diagnostics;
using System.Diagnostics.Metrics;
using RoutingCluster.Gateway.Ledger;
using RoutingCluster.Ledger;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// The gateway's traffic instruments, one <see cref="Meter"/> per gateway instance (from its
/// <see cref="IMeterFactory"/>, which owns and disposes it), recorded from
/// every finished request's <see cref="LedgerRecord"/>. Only ids appear as tag values, never a secret.
/// Recording is a few in-memory additions: it never blocks the request path.
/// </summary>
public sealed class GatewayMetrics : IRequestSink
{
    public const string MeterName = "RoutingCluster.Gateway";

    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];
    private static readonly double[] OverheadBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _skips;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Histogram<double> _upstreamTtft;
    private readonly Histogram<double> _overhead;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _refusals;

    public GatewayMetrics(IMeterFactory meters)
    {
        // The factory is per service provider: every gateway in a process, e.g. in tests, exports only its own traffic.
        Meter = meters.Create(MeterName);
        _requests = Meter.CreateCounter<long>("routing.requests", "{request}",
            "Requests answered by this node, by role, serving model, provider, credential, status class, front door and tenant.");
        _attempts = Meter.CreateCounter<long>("routing.attempts", "{attempt}",
            "Upstream attempts, by role, model, provider, credential and attempt outcome.");
        _fallbacks = Meter.CreateCounter<long>("routing.fallbacks", "{fallback}",
            "Moves to the next candidate after a failed attempt (attempts beyond the first of a request), by role.");
        _skips = Meter.CreateCounter<long>("routing.skips", "{candidate}",
            "Candidates passed over while routing, by role, model, credential and reason (CoolingDown, BreakerOpen, ConcurrencyFull, WindowExhausted, Unavailable, ...).");
        _upstreamDuration = Meter.CreateHistogram("routing.upstream.duration", "s",
            "Duration of upstream attempts in seconds, by role, model, provider and credential.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _upstreamTtft = Meter.CreateHistogram("routing.upstream.ttft", "s",
            "Time to first token of upstream attempts in seconds, by role, model, provider and credential.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _overhead = Meter.CreateHistogram("routing.gateway.overhead", "s",
            "Time a request spent in the gateway excluding its upstream attempts, in seconds, by role and front door.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = OverheadBuckets });
        _tokens = Meter.CreateCounter<long>("routing.tokens", "{token}",
            "Tokens reported by upstreams, by direction (input or output), role, model and tenant.");
        // Unit "usd": the exporter appends an unknown unit as it is, so the series is routing_cost_usd_total.
        _cost = Meter.CreateCounter<double>("routing.cost", "usd",
            "Cost in US dollars from the serving model's price table, by role, model and tenant.");
        _refusals = Meter.CreateCounter<long>("routing.refusals", "{request}",
            "Requests the gateway answered with an error of its own (no upstream answer passed back), by tenant and reason (the error code: invalid_api_key, policy_denied, insufficient_quota, rate_limit_exceeded, upstream_failed, ...).");
    }

    public Meter Meter { get; }

    public void OnRequest(LedgerRecord record)
    {
        var role = record.Role ?? MetricTags.None;
        var model = record.Model ?? MetricTags.None;
        _requests.Add(1, new TagList
        {
            { MetricTags.Role, role },
            { MetricTags.Model, model },
            { MetricTags.Provider, record.Provider ?? MetricTags.None },
            { MetricTags.Credential, record.Credential ?? MetricTags.None },
            { MetricTags.StatusClass, StatusClass(record.Status) },
            { MetricTags.FrontDoor, record.FrontDoor },
            { MetricTags.Tenant, record.Tenant.Length == 0 ? MetricTags.None : record.Tenant },
        });

        if (record.ErrorCode is { } reason)
        {
            _refusals.Add(1, new KeyValuePair<string, object?>(MetricTags.Tenant, record.Tenant.Length == 0 ? MetricTags.None : record.Tenant),
                new KeyValuePair<string, object?>(MetricTags.Reason, reason));
        }

        foreach (var skip in record.Skipped)
        {
            _skips.Add(1, new TagList
            {
                { MetricTags.Role, role },
                { MetricTags.Model, skip.Model },
                { MetricTags.Credential, skip.Credential },
                { MetricTags.Reason, skip.Reason },
            });
        }

        double upstreamMs = 0;
        foreach (var attempt in record.Attempts)
        {
            upstreamMs += attempt.LatencyMs;
            var tags = new TagList
            {
                { MetricTags.Role, role },
                { MetricTags.Model, attempt.Model },
                { MetricTags.Provider, attempt.Provider },
                { MetricTags.Credential, attempt.Credential },
            };
            _upstreamDuration.Record(attempt.LatencyMs / 1000, tags);
            if (attempt.TimeToFirstTokenMs is { } ttft)
            {
                _upstreamTtft.Record(ttft / 1000, tags);
            }

            tags.Add(MetricTags.Outcome, attempt.Outcome);
            _attempts.Add(1, tags);
        }

        if (record.Attempts.Count > 1)
        {
            _fallbacks.Add(record.Attempts.Count - 1, new KeyValuePair<string, object?>(MetricTags.Role, role));
        }

        // Overhead: the request's time in the gateway minus the time its upstream attempts took.
        var overheadMs = Math.Max(0, record.DurationMs - upstreamMs);
        _overhead.Record(overheadMs / 1000, new KeyValuePair<string, object?>(MetricTags.Role, role),
            new KeyValuePair<string, object?>(MetricTags.FrontDoor, record.FrontDoor));

        if (record.Role is null)
        {
            return;
        }

        var tenant = record.Tenant.Length == 0 ? MetricTags.None : record.Tenant;
        if (record.InputTokens > 0 || record.OutputTokens > 0)
        {
            _tokens.Add(record.InputTokens, Usage(role, model, tenant, "input"));
            _tokens.Add(record.OutputTokens, Usage(role, model, tenant, "output"));
        }

        if (record.Model is not null)
        {
            _cost.Add((double)record.CostUsd, new KeyValuePair<string, object?>(MetricTags.Role, role),
                new KeyValuePair<string, object?>(MetricTags.Model, model), new KeyValuePair<string, object?>(MetricTags.Tenant, tenant));
        }
    }

    /// <summary><c>2xx</c>, <c>4xx</c>, <c>5xx</c> ...</summary>
    public static string StatusClass(int status) =>
        status is >= 100 and < 600 ? StatusClasses[(status / 100) - 1] : "other";

    private static TagList Usage(string role, string model, string tenant, string direction) => new()
    {
        { MetricTags.Role, role },
        { MetricTags.Model, model },
        { MetricTags.Tenant, tenant },
        { MetricTags.Direction, direction },
    };
}
