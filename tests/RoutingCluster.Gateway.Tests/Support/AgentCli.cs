using System.Diagnostics;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// Runs a real coding-agent CLI (Codex, Claude Code) once, non-interactively: its own home, a
/// working directory, the environment the test gives, and every proxy variable pointing at a
/// <see cref="RefusingProxy"/> (loopback excepted), bounded by a timeout.
/// </summary>
public static class AgentCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The binary named by <paramref name="variable"/> (exported by scripts/agent-clis.sh, which scripts/test.sh sources).</summary>
    public static string Binary(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{variable} must name the CLI's binary (scripts/test.sh installs it from npm through scripts/agent-clis.sh and exports it).");

    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        string binary, string work, RefusingProxy proxy, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = work,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        foreach (var name in (string[])["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy"])
        {
            info.Environment[name] = proxy.Url;
        }

        info.Environment["NO_PROXY"] = info.Environment["no_proxy"] = "127.0.0.1,localhost";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(binary)} did not finish within {Timeout.TotalSeconds} s\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
