using System.Net;
using System.Net.Sockets;
using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Anthropic;

/// <summary>
/// Client headers that go upstream follow a strict grammar: a value off it is the client's 400,
/// and never a failure booked against a credential or provider. What the upstream does (here: a
/// port nobody listens on) still opens the breakers.
/// </summary>
public sealed class PassedHeadersTests : TwoProtocolGatewayTests
{
    private string Body => AnthropicRequests.Body(model: "claude-up", maxTokens: 16);

    [Theory]
    [InlineData("anthropic-beta", "café-2025")]
    [InlineData("anthropic-beta", "a;b")]
    [InlineData("anthropic-version", "２０２３-06-01")]
    [InlineData("anthropic-version", "latest")]
    public async Task Messages_OffGrammarHeaderRepeated_400EachTimeAndBreakersStayClosed(string name, string value)
    {
        var body = Encoding.UTF8.GetBytes(Body);
        for (var i = 0; i < 8; i++)
        {
            var reply = await RawHttp.SendAsync(Gateway.BaseUrl,
                $"POST /v1/messages HTTP/1.1\r\nContent-Type: application/json\r\n{name}: {value}\r\nContent-Length: {body.Length}", body);

            Assert.Equal(400, reply.Status);
            Assert.Contains($"`{name}`", ErrorBodies.AssertAnthropic(reply.Body), StringComparison.Ordinal);
        }

        Assert.Empty(Mock.Requests);
        using var valid = await Gateway.Http.SendAsync(AnthropicRequests.Post(Gateway.BaseUrl + "/v1", null, Body, beta: "prompt-caching-2024-07-31"));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal("1", valid.Headers.GetValues("x-routing-attempts").Single());
        var sent = Assert.Single(Mock.Requests);
        Assert.Equal("prompt-caching-2024-07-31", sent.Headers["anthropic-beta"]);
    }

    [Fact]
    public async Task Messages_UpstreamThatRefusesConnections_StillOpensTheBreaker()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var gateway = await Harness.StartGatewayAsync(Config.Yaml().Replace(Mock.AnthropicBaseUrl, $"http://127.0.0.1:{closedPort}/v1", StringComparison.Ordinal));

        string last = "";
        for (var i = 0; i < 6; i++)
        {
            using var response = await gateway.Http.SendAsync(AnthropicRequests.Post(gateway.BaseUrl + "/v1", null, Body));
            Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"status {response.StatusCode}");
            last = ErrorBodies.AssertAnthropic(await response.Content.ReadAsStringAsync());
        }

        Assert.Contains("breaker open", last, StringComparison.Ordinal);
    }
}
