using System.Diagnostics.Metrics;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Ledger;
using RoutingCluster.Plans;
using CredentialDefinition = RoutingCluster.Configuration.CredentialDefinition;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// Fleet headroom as observable instruments on the gateway's meter, read at each scrape from this
/// node's fleet view (the grains' own states as last pushed or refreshed, at most one refresh
/// interval old), so every node reports the same fleet-wide headroom. Window figures come from the
/// declared limits (<c>source="declared"</c>) and from what the upstream reported in its
/// <c>x-ratelimit-*</c> headers (<c>source="learned"</c>, window <c>upstream</c>). Credentials are
/// labelled by id only; the key itself never appears.
/// </summary>
public sealed class HeadroomGauges
{
    private const string CredentialLabel = "credential";
    private const string ProviderLabel = "provider";
    private const string WindowLabel = "window";
    private const string UnitLabel = "unit";
    private const string SourceLabel = "source";

    /// <summary>The window label of figures learned from upstream headers (the upstream names no window).</summary>
    public const string LearnedWindow = "upstream";

    private readonly ActiveConfig _active;
    private readonly FleetView _fleet;
    private readonly TimeProvider _time;

    public HeadroomGauges(GatewayMetrics metrics, ActiveConfig active, FleetView fleet, ILedger ledger, TimeProvider time)
    {
        _active = active;
        _fleet = fleet;
        _time = time;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("routing.credential.window.limit", () => Windows(w => w.Limit),
            description: "Limit of a credential's rate window: declared in config, or learned from the upstream's headers.");
        meter.CreateObservableGauge("routing.credential.window.remaining", () => Windows(w => w.Remaining),
            description: "What is left of a credential's rate window now.");
        meter.CreateObservableGauge("routing.credential.window.reset", () => Resets(), "s",
            "Seconds until a credential's rate window frees headroom (0 when nothing is counted).");
        meter.CreateObservableGauge("routing.credential.plan.utilization", () => PlanFigures((w, _) => w.Utilization),
            description: "Used share (0..1) of a subscription profile's plan window, labelled with where the figure came from (declared, learned, heartbeat).");
        meter.CreateObservableGauge("routing.credential.plan.reset", () => PlanFigures((w, now) => w.ResetAt is { } at && at > now ? Seconds(at - now) : 0), "s",
            "Seconds until a subscription profile's plan window resets (0 when unknown or past).");
        meter.CreateObservableGauge("routing.credential.plan.switch_at", () => PlanThresholds(),
            description: "The used share at which a subscription profile stops taking new work (switchAt), per window.");
        meter.CreateObservableGauge("routing.credential.inflight", () => PerCredential((_, state, now) => state.Leases.Count(l => l.ExpiresAt > now)),
            description: "Leases (attempts) in flight on a credential, cluster-wide.");
        meter.CreateObservableGauge("routing.credential.concurrency.limit", () => ConcurrencyLimits(),
            description: "Declared concurrency limit of a credential.");
        meter.CreateObservableGauge("routing.credential.cooldown", () => PerCredential((_, state, now) => state.CooldownUntil is { } until ? Seconds(until - now) : 0), "s",
            "Seconds left of a credential's cooldown (0 when not cooling down).");
        meter.CreateObservableGauge("routing.credential.breaker.state", () => PerCredential((_, state, now) => BreakerValue(state.Breaker, now)),
            description: "Circuit breaker of a credential: 0 closed, 1 half-open, 2 open.");
        meter.CreateObservableGauge("routing.credential.disabled", () => PerCredential((definition, state, _) => state.IsDisabled(definition.Fingerprint) ? 1 : 0),
            description: "1 when a credential is disabled (the upstream refused the key), else 0.");
        meter.CreateObservableGauge("routing.provider.latency", () => ProviderHealth(latency: true), "s",
            "Exponentially weighted latency of a provider's attempts in seconds (its credentials' averages, weighted by samples).");
        meter.CreateObservableGauge("routing.provider.error_rate", () => ProviderHealth(latency: false),
            description: "Exponentially weighted error rate of a provider's attempts, 0..1 (its credentials' averages, weighted by samples).");
        meter.CreateObservableGauge("routing.provider.breaker.state", () => ProviderBreakers(),
            description: "Circuit breaker of a provider: 0 closed, 1 half-open, 2 open.");
        if (ledger is ILedgerBacklog backlog)
        {
            meter.CreateObservableGauge("routing.ledger.pending", () => backlog.Pending,
                description: "Ledger records accepted but not yet written to the database.");
            meter.CreateObservableCounter("routing.ledger.dropped", () => backlog.Dropped,
                description: "Ledger records dropped because the backlog was full while the database was down.");
        }
    }

    /// <summary>One window figure of one credential, with its labels.</summary>
    private readonly record struct WindowFigure(KeyValuePair<string, object?>[] Labels, double Limit, double Remaining);

    private IEnumerable<(CredentialDefinition Definition, CredentialState State)> Credentials() =>
        _active.Current.Credentials.Select(c => (c, _fleet.Credential(c.Id)));

    private static KeyValuePair<string, object?>[] LabelsOf(CredentialDefinition definition, params KeyValuePair<string, object?>[] more) =>
        [new(CredentialLabel, definition.Id), new(ProviderLabel, definition.ProviderId), .. more];

    private List<Measurement<double>> PerCredential(Func<CredentialDefinition, CredentialState, DateTimeOffset, double> value)
    {
        var now = _time.GetUtcNow();
        return [.. Credentials().Select(c => new Measurement<double>(value(c.Definition, c.State, now), LabelsOf(c.Definition)))];
    }

    private List<Measurement<double>> ConcurrencyLimits() =>
        [.. Credentials().Where(c => c.Definition.Limits.Concurrency is not null)
            .Select(c => new Measurement<double>(c.Definition.Limits.Concurrency!.Value, LabelsOf(c.Definition)))];

    private List<Measurement<double>> Windows(Func<WindowFigure, double> pick)
    {
        var now = _time.GetUtcNow();
        var measurements = new List<Measurement<double>>();
        foreach (var (definition, state) in Credentials())
        {
            foreach (var figure in Figures(definition, state, now))
            {
                measurements.Add(new Measurement<double>(pick(figure), figure.Labels));
            }
        }

        return measurements;
    }

    private static IEnumerable<WindowFigure> Figures(CredentialDefinition definition, CredentialState state, DateTimeOffset now)
    {
        var limits = definition.Limits;
        var usage = state.WindowsFor(limits, now);
        for (var i = 0; i < limits.Windows.Count; i++)
        {
            var window = limits.Windows[i];
            if (window.Requests is { } requests)
            {
                yield return new(LabelsOf(definition, new(WindowLabel, window.Name), new(UnitLabel, "requests"), new(SourceLabel, "declared")),
                    requests, Math.Max(0, requests - usage[i].Requests));
            }

            if (window.Tokens is { } tokens)
            {
                yield return new(LabelsOf(definition, new(WindowLabel, window.Name), new(UnitLabel, "tokens"), new(SourceLabel, "declared")),
                    tokens, Math.Max(0, tokens - usage[i].Tokens));
            }
        }

        var learned = state.Learned;
        if (learned.LimitRequests is { } requestLimit)
        {
            yield return new(LabelsOf(definition, new(WindowLabel, LearnedWindow), new(UnitLabel, "requests"), new(SourceLabel, "learned")),
                requestLimit, LearnedRemaining(requestLimit, learned.RemainingRequests, learned.RequestsResetAt, now));
        }

        if (learned.LimitTokens is { } tokenLimit)
        {
            yield return new(LabelsOf(definition, new(WindowLabel, LearnedWindow), new(UnitLabel, "tokens"), new(SourceLabel, "learned")),
                tokenLimit, LearnedRemaining(tokenLimit, learned.RemainingTokens, learned.TokensResetAt, now));
        }
    }

    /// <summary>What the upstream last said is left, until its reset time; the whole limit after it.</summary>
    private static double LearnedRemaining(long limit, long? remaining, DateTimeOffset? resetAt, DateTimeOffset now) =>
        remaining is { } left && !(resetAt <= now) ? Math.Max(0, left) : limit;

    private List<Measurement<double>> Resets()
    {
        var now = _time.GetUtcNow();
        var measurements = new List<Measurement<double>>();
        foreach (var (definition, state) in Credentials())
        {
            var usage = state.WindowsFor(definition.Limits, now);
            for (var i = 0; i < definition.Limits.Windows.Count; i++)
            {
                measurements.Add(new(usage[i].NextRelease is { } release ? Seconds(release - now) : 0,
                    LabelsOf(definition, new(WindowLabel, definition.Limits.Windows[i].Name), new(SourceLabel, "declared"))));
            }

            var learned = state.Learned;
            if (learned.LimitRequests is not null || learned.LimitTokens is not null)
            {
                var reset = new[] { learned.RequestsResetAt, learned.TokensResetAt }.Where(r => r > now).Max();
                measurements.Add(new(reset is { } at ? Seconds(at - now) : 0, LabelsOf(definition, new(WindowLabel, LearnedWindow), new(SourceLabel, "learned"))));
            }
        }

        return measurements;
    }

    private List<Measurement<double>> PlanFigures(Func<PlanWindowState, DateTimeOffset, double> pick)
    {
        var now = _time.GetUtcNow();
        var measurements = new List<Measurement<double>>();
        foreach (var (definition, state) in Credentials())
        {
            if (definition.Plan is { } plan)
            {
                foreach (var window in PlanTransitions.Figures(state.Plan, plan.Policy, now))
                {
                    measurements.Add(new(pick(window, now), LabelsOf(definition, new(WindowLabel, window.Name), new(SourceLabel, PlanSources.Name(window.Source)))));
                }
            }
        }

        return measurements;
    }

    private List<Measurement<double>> PlanThresholds() =>
        [.. _active.Current.Credentials.Where(c => c.Plan is not null)
            .SelectMany(c => c.Plan!.Policy.Thresholds.Select(t => new Measurement<double>(t.SwitchAt, LabelsOf(c, new KeyValuePair<string, object?>(WindowLabel, t.Window)))))];

    /// <summary>
    /// Provider health from its credentials' health: every attempt settles its credential, while the
    /// provider grain skips quiet successes (see ProviderTransitions.SettleMatters), so its own
    /// averages would only ever see failures. Weighted by each credential's sample count.
    /// </summary>
    private List<Measurement<double>> ProviderHealth(bool latency)
    {
        var credentials = Credentials().ToList();
        var measurements = new List<Measurement<double>>();
        foreach (var id in _active.Current.Providers.Keys.Order(StringComparer.Ordinal))
        {
            KeyValuePair<string, object?>[] labels = [new(ProviderLabel, id)];
            var health = credentials.Where(c => c.Definition.ProviderId == id && c.State.Health.Samples > 0).Select(c => c.State.Health).ToList();
            if (latency)
            {
                var timed = health.Where(h => h.LatencyMs is not null).ToList();
                if (timed.Count > 0)
                {
                    measurements.Add(new(timed.Sum(h => h.LatencyMs!.Value * h.Samples) / timed.Sum(h => (double)h.Samples) / 1000, labels));
                }

                continue;
            }

            var samples = health.Sum(h => (double)h.Samples);
            measurements.Add(new(samples > 0 ? health.Sum(h => h.ErrorRate * h.Samples) / samples : _fleet.Provider(id).Health.ErrorRate, labels));
        }

        return measurements;
    }

    private List<Measurement<double>> ProviderBreakers()
    {
        var now = _time.GetUtcNow();
        return [.. _active.Current.Providers.Keys.Order(StringComparer.Ordinal)
            .Select(id => new Measurement<double>(BreakerValue(_fleet.Provider(id).Breaker, now), new KeyValuePair<string, object?>(ProviderLabel, id)))];
    }

    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);

    private static double BreakerValue(BreakerState breaker, DateTimeOffset now) => breaker.PhaseAt(now) switch
    {
        BreakerPhase.Closed => 0,
        BreakerPhase.HalfOpen => 1,
        _ => 2,
    };
}
