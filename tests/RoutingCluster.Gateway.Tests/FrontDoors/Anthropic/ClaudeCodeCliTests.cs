using System.Diagnostics;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Anthropic;

/// <summary>
/// The real Claude Code CLI (<c>claude -p</c>, from npm; found through RC_CLAUDE, which
/// scripts/test.sh exports) completes a Bash tool round trip through <c>/v1/messages</c>, once
/// through each upstream kind (role <c>anthropic</c>: an Anthropic upstream; role <c>openai</c>: an
/// OpenAI-chat upstream, translated). Telemetry, error reporting, the auto-updater and other
/// non-essential traffic are off by Claude Code's documented variables, and every proxy variable
/// points at a loopback proxy that refuses and logs: the test fails if it tried to reach outside.
/// </summary>
public sealed class ClaudeCodeCliTests : TwoProtocolGatewayTests
{
    private static string Claude => Environment.GetEnvironmentVariable("RC_CLAUDE") is { Length: > 0 } path && File.Exists(path)
        ? path
        : throw new InvalidOperationException("RC_CLAUDE must name the claude binary (scripts/test.sh installs @anthropic-ai/claude-code from npm and exports it).");

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task ClaudePrint_BashToolRoundTrip_CompletesThroughTheGateway(string role)
    {
        Mock.Enqueue(MockReply.ToolCall("Bash", """{"command":"echo claude-was-here","description":"Print a marker"}"""), MockReply.Ok("All done: claude-was-here."));
        await using var proxy = new RefusingProxy();
        var home = Directory.CreateTempSubdirectory("routing-cluster-claude-").FullName;
        var work = Directory.CreateDirectory(Path.Combine(home, "work")).FullName;
        try
        {
            var (exit, stdout, stderr) = await RunAsync(home, work, role, proxy.Url,
                "-p", "Run `echo claude-was-here` and tell me what it printed.", "--allowedTools", "Bash(echo:*)", "--max-turns", "4", "--output-format", "text");

            var requests = string.Join("\n", Mock.Requests.Select(r => $"{r.Path} {r.Model} tools={r.HasTools}"));
            Assert.True(exit == 0, $"claude exited {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}\nupstream requests:\n{requests}");
            Assert.Contains("All done: claude-was-here.", stdout, StringComparison.Ordinal);
            var toolTurn = Assert.Single(Mock.Requests, r => r.Body.Contains(role == "anthropic" ? "\"tool_result\"" : "\"tool_call_id\"", StringComparison.Ordinal));
            Assert.Contains("claude-was-here", toolTurn.Body, StringComparison.Ordinal);
            Assert.Empty(proxy.Attempts);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string home, string work, string role, string proxy, params string[] args)
    {
        var info = new ProcessStartInfo(Claude)
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

        info.Environment["HOME"] = home;
        info.Environment["CLAUDE_CONFIG_DIR"] = Path.Combine(home, ".claude");
        info.Environment["ANTHROPIC_BASE_URL"] = Gateway.BaseUrl;
        info.Environment["ANTHROPIC_API_KEY"] = "unused";
        // Every model Claude Code asks for goes to the role under test.
        foreach (var name in (string[])["ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL"])
        {
            info.Environment[name] = role;
        }

        foreach (var name in (string[])["DISABLE_TELEMETRY", "DISABLE_ERROR_REPORTING", "DISABLE_AUTOUPDATER", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "DISABLE_NON_ESSENTIAL_MODEL_CALLS"])
        {
            info.Environment[name] = "1";
        }

        foreach (var name in (string[])["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy"])
        {
            info.Environment[name] = proxy;
        }

        info.Environment["NO_PROXY"] = info.Environment["no_proxy"] = "127.0.0.1,localhost";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start claude");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"claude did not finish within 120 s\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
