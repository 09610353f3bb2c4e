using RoutingCluster.Entities;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Ledger;
using RoutingCluster.Gateway.Configuration;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// Fleet headroom, computed at scrape time from this node's fleet view (the grains' own states as
/// last pushed or refreshed, at most one refresh interval old), so every node reports the same
/// fleet-wide headroom. Credentials are labelled by id only; the key itself never appears.
/// </summary>
public sealed class HeadroomGauges(ActiveConfig active, FleetView fleet, ILedger ledger, TimeProvider time)
{
    private const string CredentialLabel = "credential";
    private const string ProviderLabel = "provider";

    public async Task WriteAsync(PrometheusText text, CancellationToken cancellationToken)
    {
        var config = active.Current;
        var credentials = new List<(RoutingCluster.Configuration.CredentialDefinition Model, CredentialState State)>(config.Credentials.Count);
        foreach (var credential in config.Credentials)
        {
            credentials.Add((credential, fleet.Credential(credential.Id)));
        }

        var providers = new List<(string Id, ProviderState State)>(config.Providers.Count);
        foreach (var id in config.Providers.Keys.Order(StringComparer.Ordinal))
        {
            providers.Add((id, fleet.Provider(id)));
        }

        var now = time.GetUtcNow();
        var limit = new Family("routing_credential_window_limit", "Declared limit of a credential's rate window.");
        var remaining = new Family("routing_credential_window_remaining", "What is left of a credential's rate window now.");
        var reset = new Family("routing_credential_window_reset_seconds", "Seconds until a credential's rate window frees headroom (0 when nothing is counted).");
        var inflight = new Family("routing_credential_inflight", "Leases (attempts) in flight on a credential, cluster-wide.");
        var concurrency = new Family("routing_credential_concurrency_limit", "Declared concurrency limit of a credential.");
        var cooldown = new Family("routing_credential_cooldown_seconds", "Seconds left of a credential's cooldown (0 when not cooling down).");
        var credentialBreaker = new Family("routing_credential_breaker_state", "Circuit breaker of a credential: 0 closed, 1 half-open, 2 open.");
        var disabled = new Family("routing_credential_disabled", "1 when a credential is disabled (the upstream refused the key), else 0.");
        foreach (var (model, state) in credentials)
        {
            KeyValuePair<string, string>[] labels = [new(CredentialLabel, model.Id), new(ProviderLabel, model.ProviderId)];
            var limits = model.Limits;
            var windows = state.WindowsFor(limits, now);
            for (var i = 0; i < limits.Windows.Count; i++)
            {
                var window = limits.Windows[i];
                var usage = windows[i];
                KeyValuePair<string, string>[] windowLabels = [.. labels, new("window", window.Name)];
                if (window.Requests is { } requests)
                {
                    limit.Add([.. windowLabels, new("unit", "requests")], requests);
                    remaining.Add([.. windowLabels, new("unit", "requests")], Math.Max(0, requests - usage.Requests));
                }

                if (window.Tokens is { } tokens)
                {
                    limit.Add([.. windowLabels, new("unit", "tokens")], tokens);
                    remaining.Add([.. windowLabels, new("unit", "tokens")], Math.Max(0, tokens - usage.Tokens));
                }

                reset.Add(windowLabels, usage.NextRelease is { } release ? Seconds(release - now) : 0);
            }

            inflight.Add(labels, state.Leases.Count(l => l.ExpiresAt > now));
            if (limits.Concurrency is { } max)
            {
                concurrency.Add(labels, max);
            }

            cooldown.Add(labels, state.CooldownUntil is { } until ? Seconds(until - now) : 0);
            credentialBreaker.Add(labels, BreakerValue(state.Breaker, now));
            disabled.Add(labels, state.IsDisabled(model.Fingerprint) ? 1 : 0);
        }

        // Provider health from its credentials' health: every attempt settles its credential, while the
        // provider entity skips quiet successes (see ProviderTransitions.SettleMatters), so its own
        // averages would only ever see failures. Weighted by each credential's sample count.
        var latency = new Family("routing_provider_latency_seconds", "Exponentially weighted latency of a provider's attempts in seconds (its credentials' averages, weighted by samples).");
        var errorRate = new Family("routing_provider_error_rate", "Exponentially weighted error rate of a provider's attempts, 0..1 (its credentials' averages, weighted by samples).");
        var providerBreaker = new Family("routing_provider_breaker_state", "Circuit breaker of a provider: 0 closed, 1 half-open, 2 open.");
        foreach (var (id, state) in providers)
        {
            KeyValuePair<string, string>[] labels = [new(ProviderLabel, id)];
            var health = credentials.Where(c => c.Model.ProviderId == id && c.State.Health.Samples > 0).Select(c => c.State.Health).ToList();
            var samples = health.Sum(h => (double)h.Samples);
            var timed = health.Where(h => h.LatencyMs is not null).ToList();
            if (timed.Count > 0)
            {
                latency.Add(labels, timed.Sum(h => h.LatencyMs!.Value * h.Samples) / timed.Sum(h => (double)h.Samples) / 1000);
            }

            errorRate.Add(labels, samples > 0 ? health.Sum(h => h.ErrorRate * h.Samples) / samples : state.Health.ErrorRate);
            providerBreaker.Add(labels, BreakerValue(state.Breaker, now));
        }

        var pending = new Family("routing_ledger_pending", "Ledger records accepted but not yet written to the database.");
        var dropped = new Family("routing_ledger_dropped_total", "Ledger records dropped because the backlog was full while the database was down.", "counter");
        if (ledger is ILedgerBacklog backlog)
        {
            pending.Add([], backlog.Pending);
            dropped.Add([], backlog.Dropped);
        }

        foreach (var family in (Family[])[limit, remaining, reset, inflight, concurrency, cooldown, credentialBreaker, disabled, latency, errorRate, providerBreaker, pending, dropped])
        {
            family.Write(text);
        }
    }

    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);

    private static double BreakerValue(BreakerState breaker, DateTimeOffset now) => breaker.PhaseAt(now) switch
    {
        BreakerPhase.Closed => 0,
        BreakerPhase.HalfOpen => 1,
        _ => 2,
    };

    private sealed class Family(string name, string help, string type = "gauge")
    {
        private readonly List<(KeyValuePair<string, string>[] Labels, double Value)> _samples = [];

        public void Add(KeyValuePair<string, string>[] labels, double value) => _samples.Add((labels, value));

        public void Write(PrometheusText text)
        {
            if (_samples.Count == 0)
            {
                return;
            }

            text.Family(name, type, help);
            foreach (var (labels, value) in _samples)
            {
                text.Sample(name, labels, value);
            }
        }
    }
}
