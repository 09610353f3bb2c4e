using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// One gateway node as its own OS process (the built RoutingCluster.Gateway.dll, started with its
/// public command line only), so that its CPU time and memory can be read from the kernel apart from
/// the load generator's and the mock's. Killed on dispose (and by <see cref="ChildProcesses"/> if the
/// harness stops first).
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    /// <summary>
    /// The gateway that runs: <c>RC_BENCH_GATEWAY</c> when set (bench.sh points it at the ReadyToRun
    /// build it publishes, as the container image ships), else the build next to the harness.
    /// </summary>
    public static string GatewayDll => Environment.GetEnvironmentVariable("RC_BENCH_GATEWAY") is { Length: > 0 } dll
        ? dll
        : Path.Combine(AppContext.BaseDirectory, "RoutingCluster.Gateway.dll");

    private GatewayProcess(string name, Process process, Uri baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>http://127.0.0.1:PORT, the node's own address (admin and metrics endpoints).</summary>
    public Uri BaseUrl { get; }

    public Uri ChatUrl => new(BaseUrl, "/v1/chat/completions");

    /// <summary>CPU time (user + system) the process has used since it started; zero once it is gone.</summary>
    public TimeSpan CpuTime => ProcStat.Cpu(_process.Id) ?? TimeSpan.Zero;

    /// <summary>The part of <see cref="CpuTime"/> the runtime's background JIT thread used.</summary>
    public TimeSpan TieringCpuTime => ProcStat.TieringCpu(_process.Id);

    /// <summary>
    /// Time the process has spent in the JIT on every thread (first compilations on the calling
    /// threads as well as the background recompilations), from the runtime's own counter on the
    /// node's <c>/metrics</c>; null when the scrape failed.
    /// </summary>
    public async Task<TimeSpan?> JitTimeAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            var totals = PrometheusText.Totals(await client.GetStringAsync(new Uri(BaseUrl, "/metrics"), cancellationToken));
            return totals.TryGetValue("dotnet_jit_compilation_time_seconds_total", out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Not answered (or not within the client's timeout): unknown this time.
            return null;
        }
    }

    /// <param name="arguments">Extra command-line arguments (<c>--postgres env:NAME</c>, <c>--node-id ID</c>).</param>
    /// <param name="environment">Extra environment variables of the child only (a connection string named by <c>env:</c>).</param>
    public static async Task<GatewayProcess> StartAsync(
        string name, string configPath, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(GatewayDll)!,
        };
        string[] args =
        [
            GatewayDll, "--config", configPath, "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            .. arguments,
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the gateway process {name}.");
        ChildProcesses.Track(process);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"The gateway process {name} exited before listening:\n" + string.Join('\n', output)));
                return;
            }

            // Bounded: only the start-up lines matter (for the error above).
            if (output.Count < 200)
            {
                output.Enqueue(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && output.Count < 200)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await listening.Task.WaitAsync(StartTimeout);
            return new GatewayProcess(name, process, new Uri(url));
        }
        catch
        {
            await ChildProcesses.KillAsync(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="phase"/> while sampling the resident set; also the process's own CPU time over it.</summary>
    public async Task<MemoryResult> MeasureAsync(Func<Task<FixedRateResult>> phase)
    {
        using var sampler = MemorySampler.Start([_process.Id]);
        var cpu = CpuTime;
        var result = await phase();
        var cpuSpent = CpuTime - cpu;
        var samples = await sampler.StopAsync();
        // Steady: the median of the second half of the phase, once the first requests' allocations settled.
        var steady = samples.Skip(samples.Count / 2).Order().ToList();
        return new MemoryResult(
            result,
            steady.Count > 0 ? steady[steady.Count / 2] / 1024.0 : double.NaN,
            samples.Count > 0 ? samples.Max() / 1024.0 : double.NaN,
            (ProcStat.StatusKb(_process.Id, "VmHWM") ?? 0) / 1024.0,
            samples.Count,
            result.Sent - result.Errors > 0 ? cpuSpent.TotalMicroseconds / (result.Sent - result.Errors) : double.NaN);
    }

    /// <summary>Kills the process: no graceful shutdown, so it does no work (deregistration, ledger flush) that a phase would count.</summary>
    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.KillAsync(_process);
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>
/// The resident set (kB) of a set of processes, summed, every 200 ms until stopped (bounded by a count).
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<long> _samples = [];
    private readonly Task _sampling;

    private MemorySampler(IReadOnlyList<int> pids) => _sampling = SampleAsync(pids);

    public static MemorySampler Start(IReadOnlyList<int> pids) => new(pids);

    public async Task<IReadOnlyList<long>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        return _samples;
    }

    public void Dispose() => _stop.Dispose();

    private async Task SampleAsync(IReadOnlyList<int> pids)
    {
        using var tick = new PeriodicTimer(SampleEvery);
        try
        {
            while (_samples.Count < 10_000 && await tick.WaitForNextTickAsync(_stop.Token))
            {
                var rss = pids.Select(pid => ProcStat.StatusKb(pid, "VmRSS")).ToList();
                if (rss.All(r => r is not null))
                {
                    _samples.Add(rss.Sum(r => r!.Value));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over.
        }
    }
}

/// <summary>
/// The gateway process during its open-loop phase: resident set (MB) steady (median of the second half
/// of the samples), highest sample, and the kernel's peak (VmHWM, since the process started), and the
/// process's own CPU time per successful request (the gateway alone: no client, no mock).
/// </summary>
public sealed record MemoryResult(FixedRateResult Load, double RssSteadyMb, double RssMaxSampleMb, double RssPeakMb, int Samples, double GatewayCpuMicrosecondsPerRequest);
