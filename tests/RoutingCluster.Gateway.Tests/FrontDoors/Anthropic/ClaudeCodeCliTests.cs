using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Anthropic;

/// <summary>
/// The real Claude Code CLI (<c>claude -p</c>, from npm; found through RC_CLAUDE, see <see cref="AgentCli"/>) completes a Bash tool round trip through <c>/v1/messages</c>, once
/// through each upstream kind (role <c>anthropic</c>: an Anthropic upstream; role <c>openai</c>: an
/// OpenAI-chat upstream, translated). Telemetry, error reporting, the auto-updater and other
/// non-essential traffic are off by Claude Code's documented variables, and every proxy variable
/// points at a loopback proxy that refuses and logs: the test fails if it tried to reach outside.
/// </summary>
public sealed class ClaudeCodeCliTests : TwoProtocolGatewayTests
{
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
            var (exit, stdout, stderr) = await AgentCli.RunAsync(AgentCli.Binary("RC_CLAUDE"), work, proxy, ClaudeEnvironment(home, role),
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

    /// <summary>Every model Claude Code asks for goes to the role under test; non-essential traffic is off.</summary>
    private Dictionary<string, string> ClaudeEnvironment(string home, string role)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["CLAUDE_CONFIG_DIR"] = Path.Combine(home, ".claude"),
            ["ANTHROPIC_BASE_URL"] = Gateway.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "unused",
        };
        foreach (var name in (string[])["ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL"])
        {
            environment[name] = role;
        }

        foreach (var name in (string[])["DISABLE_TELEMETRY", "DISABLE_ERROR_REPORTING", "DISABLE_AUTOUPDATER", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "DISABLE_NON_ESSENTIAL_MODEL_CALLS"])
        {
            environment[name] = "1";
        }

        return environment;
    }
}
