using System.Diagnostics;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Responses;

/// <summary>
/// The real Codex CLI (<c>codex exec</c>, from npm; found through RC_CODEX, which scripts/test.sh
/// exports) completes a tool round trip through <c>/v1/responses</c>: the mock upstream asks for
/// <c>exec_command</c>, Codex runs it and sends its output back, the mock answers. Analytics,
/// feedback, the update check and plugins (whose catalog sync calls GitHub and ChatGPT) are off by
/// Codex's documented settings, and every proxy variable points at a loopback
/// proxy that refuses and logs: the test fails if Codex tried to reach anything outside.
/// </summary>
public sealed class CodexCliTests : TwoProtocolGatewayTests
{
    private static string Codex => Environment.GetEnvironmentVariable("RC_CODEX") is { Length: > 0 } path && File.Exists(path)
        ? path
        : throw new InvalidOperationException("RC_CODEX must name the codex binary (scripts/test.sh installs @openai/codex from npm and exports it (agent-clis.sh)).");

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

            var (exit, stdout, stderr) = await RunAsync(home, work, proxy.Url, "--skip-git-repo-check", "--sandbox", "read-only", "Say what `echo codex-was-here` prints.");

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

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string home, string work, string proxy, params string[] args)
    {
        var info = new ProcessStartInfo(Codex)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = work,
        };
        info.ArgumentList.Add("exec");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CODEX_HOME"] = home;
        info.Environment["HOME"] = home;
        info.Environment["ROUTING_CLUSTER_KEY"] = "unused";
        foreach (var name in (string[])["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy"])
        {
            info.Environment[name] = proxy;
        }

        info.Environment["NO_PROXY"] = info.Environment["no_proxy"] = "127.0.0.1,localhost";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start codex");
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
            throw new TimeoutException($"codex did not finish within 120 s\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
