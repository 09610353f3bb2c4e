using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.OpenAi;

/// <summary>
/// The real Qwen Code CLI (<c>qwen</c> one-shot, from npm; found through RC_QWEN, see
/// <see cref="AgentCli"/>) completes a shell-tool round trip through <c>/v1/chat/completions</c>, once
/// through each upstream kind. Usage statistics, telemetry and update checks are off by its settings,
/// and every proxy variable points at a loopback proxy that refuses and logs.
/// </summary>
public sealed class QwenCodeCliTests : TwoProtocolGatewayTests
{
    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task QwenPrompt_ShellToolRoundTrip_CompletesThroughTheGateway(string role)
    {
        Mock.Enqueue(MockReply.ToolCall("run_shell_command", """{"command":"echo qwen-was-here","description":"Print a marker"}"""), MockReply.Ok("All done: qwen-was-here."));
        await using var proxy = new RefusingProxy();
        var home = Directory.CreateTempSubdirectory("routing-cluster-qwen-").FullName;
        var work = Directory.CreateDirectory(Path.Combine(home, "work")).FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(home, ".qwen"));
            await File.WriteAllTextAsync(Path.Combine(home, ".qwen", "settings.json"), """
                {"privacy": {"usageStatisticsEnabled": false}, "telemetry": {"enabled": false},
                 "general": {"disableAutoUpdate": true, "disableUpdateNag": true}}
                """);
            var environment = new Dictionary<string, string> { ["HOME"] = home, ["OPENAI_API_KEY"] = "unused" };

            var (exit, stdout, stderr) = await AgentCli.RunAsync(AgentCli.Binary("RC_QWEN"), work, proxy, environment,
                "--auth-type", "openai", "--openai-base-url", Gateway.BaseUrl + "/v1", "--openai-api-key", "unused", "-m", role,
                "--approval-mode", "yolo", "Run `echo qwen-was-here` and tell me what it printed.");

            var requests = string.Join("\n", Mock.Requests.Select(r => $"{r.Path} {r.Model} tools={r.HasTools}"));
            Assert.True(exit == 0, $"qwen exited {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}\nupstream requests:\n{requests}");
            Assert.Contains("All done: qwen-was-here.", stdout, StringComparison.Ordinal);
            var toolTurn = Assert.Single(Mock.Requests, r => r.Body.Contains(role == "anthropic" ? "\"tool_result\"" : "\"tool_call_id\"", StringComparison.Ordinal));
            Assert.Contains("qwen-was-here", toolTurn.Body, StringComparison.Ordinal);
            Assert.Empty(proxy.Attempts);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
