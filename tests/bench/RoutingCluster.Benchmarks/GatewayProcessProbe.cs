using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// The embedded gateway started as its own OS process (the built RoutingCluster.Gateway.dll), since in
/// this process its memory cannot be told apart from the load generator's and the mock's. Its resident
/// set is sampled from <c>/proc/PID/status</c> during an open-loop phase; the process is killed at the end.
/// </summary>
public sealed partial class GatewayProcessProbe : IAsyncDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);

    private readonly Process _process;

    private GatewayProcessProbe(Process process, Uri chatUrl)
    {
        _process = process;
        ChatUrl = chatUrl;
    }

    public Uri ChatUrl { get; }

    public static async Task<GatewayProcessProbe> StartAsync(string configPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "RoutingCluster.Gateway.dll"), "--config", configPath, "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the gateway process.");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The gateway process exited before listening:\n" + string.Join('\n', output)));
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
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new GatewayProcessProbe(process, new Uri(url + "/v1/chat/completions"));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="phase"/> while sampling the resident set; also the process's own CPU time over it.</summary>
    public async Task<MemoryResult> MeasureAsync(Func<Task<FixedRateResult>> phase)
    {
        var samples = new List<long>();
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(SampleEvery);
            try
            {
                // Bounded by the phase (cancelled when it ends) and by a count.
                while (samples.Count < 10_000 && await tick.WaitForNextTickAsync(stop.Token))
                {
                    if (ReadStatusKb("VmRSS") is { } rss)
                    {
                        samples.Add(rss);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The phase is over.
            }
        });
        var cpu = CpuTime();
        var result = await phase();
        var cpuSpent = CpuTime() - cpu;
        await stop.CancelAsync();
        await sampling;
        // Steady: the median of the second half of the phase, once the first requests' allocations settled.
        var steady = samples.Skip(samples.Count / 2).Order().ToList();
        return new MemoryResult(
            result,
            steady.Count > 0 ? steady[steady.Count / 2] / 1024.0 : double.NaN,
            samples.Count > 0 ? samples.Max() / 1024.0 : double.NaN,
            (ReadStatusKb("VmHWM") ?? 0) / 1024.0,
            samples.Count,
            result.Sent - result.Errors > 0 ? cpuSpent.TotalMicroseconds / (result.Sent - result.Errors) : double.NaN);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
    }

    private long? ReadStatusKb(string field)
    {
        var path = $"/proc/{_process.Id}/status";
        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>
/// The gateway process during its open-loop phase: resident set (MB) steady (median of the second half
/// of the samples), highest sample, and the kernel's peak (VmHWM, since the process started), and the
/// process's own CPU time per successful request (the gateway alone: no client, no mock).
/// </summary>
public sealed record MemoryResult(FixedRateResult Load, double RssSteadyMb, double RssMaxSampleMb, double RssPeakMb, int Samples, double GatewayCpuMicrosecondsPerRequest);
