using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>
/// deploy/compose/healthcheck.sh, the probe built into the gateway image (the runtime image has no
/// curl or wget), run with bash against a loopback listener that answers like the gateway would.
/// </summary>
public sealed class HealthcheckScriptTests
{
    private static readonly string Script = RepositoryRoot.Combine("deploy", "compose", "healthcheck.sh");

    [Theory]
    [InlineData("HTTP/1.1 200 OK", 0)]
    [InlineData("HTTP/1.1 204 No Content", 0)]
    [InlineData("HTTP/1.1 503 Service Unavailable", 1)]
    [InlineData("HTTP/1.1 500 Internal Server Error", 1)]
    [InlineData("HTTP/1.1 302 Found", 1)]
    [InlineData("HTTP/1.1 404 Not Found", 1)]
    [InlineData("garbage", 1)]
    public async Task Passes_on_a_2xx_status_only(string statusLine, int expectedExit)
    {
        var (run, request) = await ProbeAsync(statusLine, "/health/ready");

        Assert.True(run.ExitCode == expectedExit, $"`{statusLine}`: {run.Describe()}");
        Assert.StartsWith("GET /health/ready HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nHost: 127.0.0.1:", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asks_for_the_path_it_is_given()
    {
        var (run, request) = await ProbeAsync("HTTP/1.1 200 OK", "/health/live");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("GET /health/live HTTP/1.1\r\n", request, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_nothing_listens()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var run = ExternalTool.Run("/bin/bash", [Script, "/health/ready", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.NotEqual(0, run.ExitCode);
    }

    private static async Task<(ToolRun Run, string Request)> ProbeAsync(string statusLine, string path)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeOnceAsync(listener, $"{statusLine}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

        var run = await Task.Run(() => ExternalTool.Run("/bin/bash", [Script, path, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        var request = await server.WaitAsync(TimeSpan.FromSeconds(30));
        return (run, request);
    }

    /// <summary>Accepts one connection, reads its request head, answers <paramref name="response"/> and closes.</summary>
    private static async Task<string> ServeOnceAsync(TcpListener listener, string response)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        return head.ToString();
    }
}
