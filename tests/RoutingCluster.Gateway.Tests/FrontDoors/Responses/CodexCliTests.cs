using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Responses;

/// <summary>
/// The real Codex CLI (<c>codex exec</c>, from npm; found through RC_CODEX, see <see cref="AgentCli"/>) completes a tool round trip through <c>/v1/responses</c>: the mock upstream asks for
/// <c>exec_command</c>, Codex runs it and sends its output back, the mock answers. Analytics,
/// feedback, the update check and plugins (whose catalog sync calls GitHub and ChatGPT) are off by
/// Codex's documented settings, and every proxy variable points at a loopback
/// proxy that refuses and logs: the test fails if Codex tried to reach anything outside.
/// </summary>
public sealed class CodexCliTests : TwoProtocolGatewayTests
{

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task CodexExec_ToolRoundTrip_CompletesThroughTheGateway(string role)
    {
        Mock.Enqueue(MockReply.ToolCall("exec_command", """{"cmd":"echo codex-was-here"}"""), MockReply.Ok("All done: codex-was-here."));
        await using var proxy = new RefusingProxy();
        var home = Directory.CreateTempSubdirectory("routing-cluster-codex-").FullName;
        var work = Directory.CreateDirectory(Path.Combine(home, "work")).FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(home, "config.toml"), $$"""
                model = "{{role}}"
                model_provider = "gateway"
                check_for_update_on_startup = false

                [model_providers.gateway]
                name = "RoutingCluster"
                base_url = "{{Gateway.BaseUrl}}/v1"
                env_key = "ROUTING_CLUSTER_KEY"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0

                [features]
                plugins = false

                [analytics]
                enabled = false

                [feedback]
                enabled = false
                """);

            var environment = new Dictionary<string, string> { ["CODEX_HOME"] = home, ["HOME"] = home, ["ROUTING_CLUSTER_KEY"] = "unused" };
            var (exit, stdout, stderr) = await AgentCli.RunAsync(AgentCli.Binary("RC_CODEX"), work, proxy, environment,
                "exec", "--skip-git-repo-check", "--sandbox", "read-only", "Say what `echo codex-was-here` prints.");

            Assert.True(exit == 0, $"codex exited {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
            Assert.Contains("All done: codex-was-here.", stdout + stderr, StringComparison.Ordinal);
            Assert.Equal(2, Mock.Requests.Count);
            Assert.Contains(role == "openai" ? "\"tool_call_id\"" : "\"tool_result\"", Mock.Requests[1].Body, StringComparison.Ordinal);
            Assert.Empty(proxy.Attempts);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
