using System.Net;
using System.Text;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Gateway.Tests.Support;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Hosting;

/// <summary>
/// Whatever a request's bytes, the answer is a 4xx the gateway means, in the wire format of the
/// API its path belongs to: unknown paths, wrong methods, oversized heads, broken framing, and
/// bodies that are not Unicode. Sent over raw sockets where no HTTP client would send them.
/// </summary>
public sealed class GatewayErrorsTests : TwoProtocolGatewayTests
{
    public static TheoryData<string> DoorPaths => ["/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens"];

    private static string Assert4xx(RawHttp.Reply reply, string path, HttpStatusCode expected)
    {
        Assert.Equal((int)expected, reply.Status);
        Assert.StartsWith("application/json", reply.Headers["content-type"], StringComparison.Ordinal);
        return ErrorBodies.AssertFor(path, reply.Body);
    }

    [Theory]
    [InlineData("/v1/embeddings")]
    [InlineData("/v1/messages/batches")]
    [InlineData("/nowhere")]
    public async Task UnknownPath_404InThePathsFormat(string path)
    {
        using var response = await Gateway.Http.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(path, ErrorBodies.AssertFor(path, await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DoorPaths))]
    public async Task WrongMethod_405InThePathsFormat(string path)
    {
        using var response = await Gateway.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("`GET` is not allowed", ErrorBodies.AssertFor(path, await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DoorPaths))]
    public async Task HeadersOverTheLimit_431InThePathsFormat(string path)
    {
        var big = new string('a', RequestHeadLimits.MaxHeaderBytes);

        var reply = await RawHttp.SendAsync(Gateway.BaseUrl, $"POST {path} HTTP/1.1\r\nx-padding: {big}\r\nContent-Length: 0");

        Assert.Contains("request headers total", Assert4xx(reply, path, HttpStatusCode.RequestHeaderFieldsTooLarge), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DoorPaths))]
    public async Task TooManyHeaders_431InThePathsFormat(string path)
    {
        var headers = string.Join("\r\n", Enumerable.Range(0, RequestHeadLimits.MaxHeaderCount + 1).Select(i => $"x-h{i}: 1"));

        var reply = await RawHttp.SendAsync(Gateway.BaseUrl, $"POST {path} HTTP/1.1\r\n{headers}\r\nContent-Length: 0");

        Assert4xx(reply, path, HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Theory]
    [MemberData(nameof(DoorPaths))]
    public async Task LongTarget_414InThePathsFormat(string path)
    {
        var reply = await RawHttp.SendAsync(Gateway.BaseUrl, $"POST {path}?q={new string('q', RequestHeadLimits.MaxTargetBytes)} HTTP/1.1\r\nContent-Length: 0");

        Assert4xx(reply, path, HttpStatusCode.RequestUriTooLong);
    }

    [Theory]
    [MemberData(nameof(DoorPaths))]
    public async Task BrokenChunkedFraming_400InThePathsFormat(string path)
    {
        var reply = await RawHttp.SendAsync(Gateway.BaseUrl, $"POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
            Encoding.ASCII.GetBytes("zz\r\n{}\r\n0\r\n\r\n"));

        Assert4xx(reply, path, HttpStatusCode.BadRequest);
        Assert.Empty(Mock.Requests);
    }

    [Theory]
    [MemberData(nameof(DoorPaths))]
    public async Task LoneSurrogateInModel_400InThePathsFormat(string path)
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"claude-\ud800","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""");

        var reply = await RawHttp.SendAsync(Gateway.BaseUrl, $"POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nanthropic-version: 2023-06-01\r\nContent-Length: {body.Length}", body);

        Assert.Contains("unpaired surrogate", Assert4xx(reply, path, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DoorPaths))]
    public async Task InvalidUtf8InPropertyName_400InThePathsFormat(string path)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"model\":\"claude-up\",\""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\":1,\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")];

        var reply = await RawHttp.SendAsync(Gateway.BaseUrl, $"POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nanthropic-version: 2023-06-01\r\nContent-Length: {body.Length}", body);

        Assert.Equal("The request body is not valid UTF-8.", Assert4xx(reply, path, HttpStatusCode.BadRequest));
        Assert.Empty(Mock.Requests);
    }
}
