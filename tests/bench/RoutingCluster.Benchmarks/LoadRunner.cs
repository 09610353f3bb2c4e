using System.Diagnostics;
using System.Text;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// The load loops. Each stops itself: by a request count and by a deadline, and every request is
/// bounded by the client's timeout. A request counts as an error unless it got a 2xx with a complete
/// body (and, from a gateway, the routing headers; for a stream, the final <c>[DONE]</c>).
/// </summary>
public sealed class LoadRunner(HttpClient client, BenchOptions options, Func<int> upstreamReceived)
{
    private const int WarmUpConcurrency = 8;
    private static readonly byte[] Done = Encoding.ASCII.GetBytes("data: [DONE]");

    public const string OwnClient = "the harness's own .NET client (in process, with the mock)";

    private string? _firstError;

    /// <summary>The first error seen since the last call (null when none), for the progress log.</summary>
    public string? TakeFirstError() => Interlocked.Exchange(ref _firstError, null);


    /// <summary>
    /// Sends the warm-up load until the request count and the minimum duration are reached and, when
    /// the options ask for it, until the target's JIT has settled (<see cref="JitSettle"/>); never past
    /// <see cref="BenchOptions.WarmUpCap"/>.
    /// </summary>
    /// <param name="jitTime">Time spent in the JIT so far by each of the target's processes.</param>
    public async Task<WarmUpResult> WarmUpAsync(BenchTarget target, Func<CancellationToken, Task<IReadOnlyList<TimeSpan?>>> jitTime)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + ToTicks(options.WarmUpCap);
        var minimum = start + ToTicks(options.WarmUpMinDuration);
        var settle = options.WarmUpSettledJitShare is { } share ? new JitSettle(jitTime, share) : null;
        var issued = 0;
        var sent = 0;
        var errors = 0;
        using var stop = new CancellationTokenSource();
        var watching = settle?.WatchAsync(minimum, deadline, stop.Token) ?? Task.CompletedTask;
        var workers = Enumerable.Range(0, WarmUpConcurrency).Select(async _ =>
        {
            // Until the request count, the minimum duration and the settled JIT are all reached, and never past the cap.
            while (Stopwatch.GetTimestamp() is var now && now < deadline
                   && (Interlocked.Increment(ref issued) <= options.WarmUpRequests || now < minimum || settle is { Settled: false }))
            {
                // A few streams too, so the streaming path is compiled before it is timed.
                if (!await SendAsync(target, stream: Interlocked.Increment(ref sent) % 10 == 0))
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await watching;
        return new WarmUpResult(target.Name, sent, errors, Stopwatch.GetElapsedTime(start), settle?.Settled ?? true, settle?.LastShare);
    }

    /// <summary>
    /// Requests start on a fixed timeline (request i at i / rate), whether or not earlier ones were
    /// answered, so a slow target cannot slow its own offered load down; each latency counts from the
    /// request's intended send time.
    /// </summary>
    public Task<FixedRateResult> FixedRateAsync(BenchTarget target, int rate) => FixedRateAsync(target, rate, options.RateDuration);

    /// <inheritdoc cref="FixedRateAsync(BenchTarget, int)"/>
    public async Task<FixedRateResult> FixedRateAsync(BenchTarget target, int rate, TimeSpan duration)
    {
        var planned = (int)Math.Max(1, Math.Round(rate * duration.TotalSeconds));
        var latencies = new double[planned];
        var lags = new double[planned];
        var tasks = new Task<bool>[planned];
        var interval = Stopwatch.Frequency / (double)rate;
        var received = upstreamReceived();
        var cpu = CpuTime();
        var start = Stopwatch.GetTimestamp();
        // The schedule itself may overrun a little on a loaded machine; past this, stop sending.
        var stopScheduling = start + ToTicks(duration + TimeSpan.FromSeconds(1));
        var next = 0;
        using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(1)))
        {
            while (next < planned)
            {
                var now = Stopwatch.GetTimestamp();
                if (now > stopScheduling)
                {
                    break;
                }

                while (next < planned && start + (long)(next * interval) <= now)
                {
                    var index = next++;
                    tasks[index] = TimedAsync(target, index, start + (long)(index * interval), latencies, lags);
                }

                if (next < planned)
                {
                    await tick.WaitForNextTickAsync();
                }
            }
        }

        var sent = next;
        var outcomes = await Task.WhenAll(tasks.Take(sent));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var ok = outcomes.Count(o => o);
        return new FixedRateResult(
            rate,
            planned,
            sent,
            sent - ok,
            LatencySummary.From(latencies.Take(sent)),
            LatencySummary.From(lags.Take(sent)),
            upstreamReceived() - received,
            elapsed,
            CpuTime() - cpu);
    }

    /// <summary>
    /// Max throughput: closed-loop workers until the deadline or the request cap, whichever comes first.
    /// Only when wrk is not installed: this client shares the cores with the mock and competes with the gateway.
    /// </summary>
    public async Task<ThroughputResult> ClosedLoopAsync(BenchTarget target, int connections)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + ToTicks(options.ThroughputDuration);
        var issued = 0;
        var completed = 0;
        var errors = 0;
        var perWorker = Enumerable.Range(0, connections).Select(async _ =>
        {
            var latencies = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= options.ThroughputMaxRequests)
            {
                var begun = Stopwatch.GetTimestamp();
                if (await SendAsync(target, stream: false))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
                    Interlocked.Increment(ref completed);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return latencies;
        });
        var all = await Task.WhenAll(perWorker);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new ThroughputResult(connections, completed, errors, elapsed, LatencySummary.From(all.SelectMany(l => l)), OwnClient);
    }

    /// <summary>Sequential non-streaming requests, one in flight: the latency with no queueing anywhere.</summary>
    public async Task<SequentialResult> SequentialAsync(BenchTarget target)
    {
        var deadline = Stopwatch.GetTimestamp() + ToTicks(options.PhaseCap);
        var latencies = new List<double>(options.SequentialRequests);
        var errors = 0;
        for (var i = 0; i < options.SequentialRequests && Stopwatch.GetTimestamp() < deadline; i++)
        {
            var begun = Stopwatch.GetTimestamp();
            if (await SendAsync(target, stream: false))
            {
                latencies.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
            }
            else
            {
                errors++;
            }
        }

        return new SequentialResult(errors, LatencySummary.From(latencies));
    }

    /// <summary>
    /// <paramref name="count"/> streams, <paramref name="concurrency"/> in flight at all times (closed loop):
    /// time to the first body byte and to the end of the stream.
    /// </summary>
    public async Task<StreamResult> StreamAsync(BenchTarget target, int concurrency, int count)
    {
        var deadline = Stopwatch.GetTimestamp() + ToTicks(options.PhaseCap);
        var issued = 0;
        var errors = 0;
        var perWorker = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var timings = new List<(double FirstByte, double Complete)>();
            var buffer = new byte[16 * 1024];
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= count)
            {
                if (await OneStreamAsync(target, buffer) is { } timing)
                {
                    timings.Add(timing);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return timings;
        }));
        var all = perWorker.SelectMany(t => t).ToList();
        return new StreamResult(
            concurrency, errors, LatencySummary.From(all.Select(t => t.FirstByte)), LatencySummary.From(all.Select(t => t.Complete)));
    }

    private async Task<(double FirstByte, double Complete)?> OneStreamAsync(BenchTarget target, byte[] buffer)
    {
        var begun = Stopwatch.GetTimestamp();
        try
        {
            using var request = target.CreateRequest(stream: true);
            using var timeout = new CancellationTokenSource(options.RequestTimeout);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!Check(target, response))
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var length = await body.ReadAsync(buffer, timeout.Token);
            var firstByte = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), timeout.Token)) > 0)
            {
                length += read;
            }

            var complete = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
            if (length == 0 || buffer.AsSpan(0, length).IndexOf(Done) < 0)
            {
                Fail(target, "stream ended without data: [DONE]");
                return null;
            }

            return (firstByte, complete);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            Fail(target, e.GetType().Name + ": " + e.Message);
            return null;
        }
    }

    private async Task<bool> TimedAsync(BenchTarget target, int index, long due, double[] latencies, double[] lags)
    {
        var begun = Stopwatch.GetTimestamp();
        lags[index] = Stopwatch.GetElapsedTime(due, begun).TotalMilliseconds;
        var ok = await SendAsync(target, stream: false);
        latencies[index] = ok ? Stopwatch.GetElapsedTime(due).TotalMilliseconds : double.NaN;
        return ok;
    }

    /// <summary>One non-streaming (or, for warm-up, streaming) request, body read to the end.</summary>
    private async Task<bool> SendAsync(BenchTarget target, bool stream)
    {
        try
        {
            // The client's own Timeout (options.RequestTimeout) bounds the whole exchange, body included.
            using var request = target.CreateRequest(stream);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            return Check(target, response) && response.Content.Headers.ContentLength != 0;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            Fail(target, e.GetType().Name + ": " + e.Message);
            return false;
        }
    }

    private bool Check(BenchTarget target, HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            Fail(target, $"HTTP {(int)response.StatusCode}");
            return false;
        }

        if (target.IsGateway && !response.Headers.Contains("x-routing-credential"))
        {
            Fail(target, "a gateway answer without x-routing-credential");
            return false;
        }

        return true;
    }

    private void Fail(BenchTarget target, string message) =>
        Interlocked.CompareExchange(ref _firstError, $"{target.Name}: {message}", null);

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
