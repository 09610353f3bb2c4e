using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Watches the nodes of a cluster target while a phase runs, through the gateway's public endpoints
/// only: <c>GET /admin/cluster</c> on every node every 250 ms (the database state, and membership's view:
/// a node declared dead), and <c>GET /metrics</c> once at the end (the ledger write backlog). The
/// polls cost one small registry query per node each; they run during the idle window too, so the
/// database counters' background subtraction removes them.
/// </summary>
public sealed class ClusterWatch : IAsyncDisposable
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(2);

    private readonly HttpClient _client;
    private readonly IReadOnlyList<GatewayProcess> _nodes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _polling;
    private int _polls;
    private int _unanswered;
    private int _databaseDownSamples;
    private int _deadSamples;

    private ClusterWatch(HttpClient client, IReadOnlyList<GatewayProcess> nodes)
    {
        _client = client;
        _nodes = nodes;
        _polling = [.. nodes.Select(PollAsync)];
    }

    public static ClusterWatch Start(HttpClient client, IReadOnlyList<GatewayProcess> nodes) => new(client, nodes);

    /// <summary>What was seen since the start or the last <see cref="Reset"/>, then the backlog now.</summary>
    public async Task<PhaseHealth> ReadAsync()
    {
        long pending = 0;
        long dropped = 0;
        foreach (var node in _nodes)
        {
            var metrics = await MetricsAsync(node);
            pending += (long)metrics.GetValueOrDefault("routing_ledger_pending");
            dropped += (long)metrics.GetValueOrDefault("routing_ledger_dropped_total");
        }

        return new PhaseHealth(
            Volatile.Read(ref _polls), Volatile.Read(ref _unanswered), Volatile.Read(ref _databaseDownSamples), Volatile.Read(ref _deadSamples),
            pending, dropped);
    }

    /// <summary>
    /// Waits (bounded) until every node's ledger backlog is written, so the database work of a counted
    /// phase includes its requests' ledger rows. Each check is a <c>/metrics</c> scrape, which reads only
    /// the node's fleet view: no database work.
    /// </summary>
    public async Task<bool> WaitForLedgerAsync(TimeSpan cap)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var pending = 0.0;
            foreach (var node in _nodes)
            {
                pending += (await MetricsAsync(node)).GetValueOrDefault("routing_ledger_pending");
            }

            if (pending == 0)
            {
                return true;
            }

            if (Stopwatch.GetElapsedTime(started) > cap)
            {
                return false;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Forget what was seen so far (the warm-up), keep watching.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _polls, 0);
        Interlocked.Exchange(ref _unanswered, 0);
        Interlocked.Exchange(ref _databaseDownSamples, 0);
        Interlocked.Exchange(ref _deadSamples, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_polling);
        _stop.Dispose();
    }

    private async Task PollAsync(GatewayProcess node)
    {
        using var tick = new PeriodicTimer(PollEvery);
        var url = new Uri(node.BaseUrl, "/admin/cluster");
        try
        {
            // Bounded by the phase: cancelled on dispose.
            while (await tick.WaitForNextTickAsync(_stop.Token))
            {
                Interlocked.Increment(ref _polls);
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    timeout.CancelAfter(PollTimeout);
                    var report = await _client.GetFromJsonAsync<ClusterReport>(url, timeout.Token);
                    if (report?.Database == "unreachable")
                    {
                        Interlocked.Increment(ref _databaseDownSamples);
                    }

                    if (report?.Nodes?.Any(n => n.Status == "dead") == true)
                    {
                        Interlocked.Increment(ref _deadSamples);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is OperationCanceledException && !_stop.IsCancellationRequested))
                {
                    Interlocked.Increment(ref _unanswered);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over.
        }
    }

    private async Task<Dictionary<string, double>> MetricsAsync(GatewayProcess node)
    {
        try
        {
            using var timeout = new CancellationTokenSource(PollTimeout);
            return PrometheusText.Totals(await _client.GetStringAsync(new Uri(node.BaseUrl, "/metrics"), timeout.Token));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Interlocked.Increment(ref _unanswered);
            return [];
        }
    }

    private sealed record ClusterReport(
        [property: JsonPropertyName("database")] string? Database,
        [property: JsonPropertyName("nodes")] IReadOnlyList<NodeReport>? Nodes);

    private sealed record NodeReport([property: JsonPropertyName("status")] string? Status);
}

/// <summary>
/// How a cluster target's nodes looked while one phase ran: polls of <c>/admin/cluster</c> (and how many
/// went unanswered within 2 s), samples where a node could not reach the database or membership listed
/// a dead node, and the ledger backlog (records not yet written, records dropped) at the end.
/// </summary>
public sealed record PhaseHealth(int Polls, int Unanswered, int DatabaseDownSamples, int DeadSamples, long LedgerPending, long LedgerDropped)
{
    public bool Healthy => DatabaseDownSamples == 0 && DeadSamples == 0 && Unanswered == 0;

    public string Describe() => Healthy
        ? "healthy"
        : string.Join(", ", new[]
        {
            DatabaseDownSamples > 0 ? $"database unreachable in {DatabaseDownSamples} of {Polls} polls" : null,
            DeadSamples > 0 ? $"a node listed dead in {DeadSamples} polls" : null,
            Unanswered > 0 ? $"{Unanswered} of {Polls} admin polls unanswered within 2 s" : null,
        }.OfType<string>());
}
