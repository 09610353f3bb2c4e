using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// The closed-loop (max throughput) phase run by wrk, an event-driven C load generator far lighter than
/// a .NET client, so the client takes less of the cores the gateway is measured on. wrk is closed loop
/// only (each connection waits for its answer before the next request, so a stall delays the requests
/// that would have seen it): the open-loop and streaming phases keep the harness's own client.
/// One wrk process per node, each with its share of the connections (wrk sends everything to one
/// address), and the requests of each from a Lua script generated into the artifacts directory.
/// A request counts as an error on a non-2xx status, a socket error or a timeout; unlike the own
/// client, wrk does not check the gateway's routing headers.
/// </summary>
public sealed class WrkClient(string path, string version, string scriptDirectory)
{
    private const string Marker = "RCBENCH ";
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(30);

    public string Version { get; } = version;

    /// <summary>wrk from <c>RC_WRK</c> (set by bench.sh), else from PATH; null when there is none.</summary>
    public static WrkClient? Find(string scriptDirectory)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("RC_WRK") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "wrk")));
        foreach (var candidate in candidates.Where(File.Exists))
        {
            try
            {
                // `wrk -v` prints "wrk 4.1.0 [epoll] Copyright ..." and the usage, and exits non-zero.
                using var probe = Process.Start(new ProcessStartInfo(candidate, "-v") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
                if (probe is null || !probe.WaitForExit(5000))
                {
                    continue;
                }

                var first = (probe.StandardOutput.ReadToEnd() + probe.StandardError.ReadToEnd()).Split('\n')[0].Trim();
                if (first.StartsWith("wrk ", StringComparison.Ordinal))
                {
                    return new WrkClient(candidate, string.Join(' ', first.Split(' ').Take(3)), scriptDirectory);
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not runnable: try the next one.
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="connections"/> connections for <paramref name="duration"/> (whole seconds, at
    /// least 1: wrk's unit), spread over the target's nodes; every wrk process is bounded by its own
    /// duration and killed if it overruns.
    /// </summary>
    public async Task<ThroughputResult> RunAsync(BenchTarget target, int connections, TimeSpan duration, TimeSpan timeout)
    {
        var script = await WriteScriptAsync(target);
        var nodes = target.ChatUrls;
        var seconds = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));
        var runs = nodes.Select((url, i) =>
        {
            var share = connections / nodes.Count + (i < connections % nodes.Count ? 1 : 0);
            // Two threads (one per core) against a single node; one per process when several run at once.
            var threads = Math.Max(1, Math.Min(share, nodes.Count == 1 ? 2 : 1));
            return share == 0 ? Task.FromResult<WrkRun?>(null) : RunOneAsync(url, script, threads, share, seconds, timeout);
        }).ToList();
        var results = (await Task.WhenAll(runs)).OfType<WrkRun>().ToList();
        var completed = results.Sum(r => r.Requests - r.Status);
        var errors = results.Sum(r => r.Connect + r.Read + r.Write + r.Status + r.Timeout);
        var rate = results.Sum(r => r.DurationUs > 0 ? (r.Requests - r.Status) / (r.DurationUs / 1e6) : 0);
        var elapsed = TimeSpan.FromMicroseconds(results.Count > 0 ? results.Max(r => r.DurationUs) : 0);
        // Percentiles of several wrk processes cannot be merged: the worst node's are kept.
        var latency = results.Count == 0
            ? LatencySummary.Empty
            : new LatencySummary((int)completed, results.Max(r => r.P50Us) / 1000.0, results.Max(r => r.P90Us) / 1000.0, results.Max(r => r.P99Us) / 1000.0, results.Max(r => r.MaxUs) / 1000.0);
        return new ThroughputResult(connections, (int)completed, (int)errors, elapsed, latency, $"{Version}, {results.Count} process(es)")
        {
            MeasuredRate = rate,
        };
    }

    private async Task<string> WriteScriptAsync(BenchTarget target)
    {
        Directory.CreateDirectory(scriptDirectory);
        var path = Path.Combine(scriptDirectory, $"wrk-{target.Name}.lua");
        var lua = new StringBuilder();
        lua.AppendLine("-- Generated by the RoutingCluster benchmark harness (tests/bench/RoutingCluster.Benchmarks/WrkClient.cs).");
        lua.AppendLine("-- One non-streaming chat completion per request; done() prints the figures the harness reads.");
        lua.AppendLine("wrk.method = \"POST\"");
        lua.AppendLine($"wrk.body = [==[{target.Body}]==]");
        lua.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
        if (target.ApiKey is { } key)
        {
            lua.AppendLine($"wrk.headers[\"Authorization\"] = \"Bearer {key}\"");
        }

        lua.AppendLine($$"""
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("\n{{Marker}}{\"requests\":%d,\"duration_us\":%d,\"connect\":%d,\"read\":%d,\"write\":%d,\"status\":%d,\"timeout\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d}\n",
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
            end
            """);
        await File.WriteAllTextAsync(path, lua.ToString());
        return path;
    }

    private async Task<WrkRun?> RunOneAsync(Uri url, string script, int threads, int connections, int seconds, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-t", $"{threads}", "-c", $"{connections}", "-d", $"{seconds}s",
            "--timeout", $"{Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds))}s", "-s", script, url.ToString()])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        ChildProcesses.Track(process);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(seconds) + ExitGrace);
            var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
            if (line is null)
            {
                throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}): {(await error).Trim()}");
            }

            return JsonSerializer.Deserialize<WrkRun>(line[Marker.Length..], JsonOptions);
        }
        finally
        {
            await ChildProcesses.KillAsync(process);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record WrkRun(long Requests, long DurationUs, long Connect, long Read, long Write, long Status, long Timeout, long P50Us, long P90Us, long P99Us, long MaxUs);
}
