using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// The gateway as a separate OS process (the built RoutingCluster.Gateway.dll), so a test can kill
/// it the way a node dies: no graceful shutdown, connections dropped, leases left behind.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private GatewayProcess(Process process, string baseUrl, ProcessOutput output)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>Every line the process wrote so far (stdout and stderr: its console log).</summary>
    public IReadOnlyList<string> Output => _output.Lines;

    /// <summary>Waits, up to <paramref name="timeout"/>, until a line containing <paramref name="text"/> is written.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) => _output.WaitForAsync(text, timeout);

    public static async Task<GatewayProcess> StartAsync(string configPath, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "RoutingCluster.Gateway.dll"), "--config", configPath, "--urls", "http://127.0.0.1:0", .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the gateway process.");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ProcessOutput();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The gateway process exited before listening:\n" + string.Join('\n', output.Lines)));
                return;
            }

            output.Add(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Add(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new GatewayProcess(process, url, output);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Freezes the process (SIGSTOP): it holds its sockets but answers nothing, like a stalled machine.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>Lets a frozen process run again (SIGCONT).</summary>
    public Task ThawAsync() => _process.HasExited ? Task.CompletedTask : SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Asks the process to stop (SIGTERM, as Ctrl+C or an orchestrator would) and waits for it to exit; answers its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await SignalAsync("TERM");
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await ThawAsync();
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
