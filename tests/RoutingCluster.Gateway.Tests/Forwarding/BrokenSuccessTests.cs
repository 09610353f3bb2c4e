using System.Net;
using RoutingCluster.Gateway.Tests.Ledger;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>
/// An upstream "success" is checked before it is relayed as one: a 2xx whose body is not JSON, a
/// stream whose first event is not, and a redirect (never followed) are upstream failures found
/// before the client saw a byte: the walk fails over, and answers 502 when nothing is left.
/// </summary>
public sealed class BrokenSuccessTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartAsync(["key-a", "key-b"], upstream => upstream.SimpleYaml());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private string KeyA => _harness.Upstream.KeyOf("key-a");

    private string KeyB => _harness.Upstream.KeyOf("key-b");

    public static TheoryData<string, bool> Broken => new()
    {
        { "html", false },
        { "truncated", false },
        { "two-values", false },
        { "redirect", false },
        { "html", true },
        { "sse-not-json", true },
        { "sse-done-first", true },
        { "redirect", true },
    };

    private static MockReply Reply(string kind) => kind switch
    {
        "html" => MockReply.Raw(200, "<html><body>Service moved</body></html>", "text/html"),
        "truncated" => MockReply.Raw(200, """{"id":"chatcmpl-1","choices":[{"message":{"content":"hi""", "application/json"),
        "two-values" => MockReply.Raw(200, """{"id":"a"}{"id":"b"}""", "application/json"),
        "sse-not-json" => MockReply.Raw(200, "data: hello there\n\n", "text/event-stream"),
        "sse-done-first" => MockReply.Raw(200, "data: [DONE]\n\n", "text/event-stream"),
        _ => MockReply.Status(307, "", ("location", "http://127.0.0.1:9/elsewhere")),
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Chat_FirstKeyAnswersABrokenSuccess_FailsOverToSecondKey(string kind, bool stream)
    {
        _harness.Mock.Enqueue(KeyA, Reply(kind));
        _harness.Mock.Enqueue(KeyB, MockReply.Ok("from b"));

        using var response = await LedgerApi.SendAsync(_harness.Gateway, HttpMethod.Post, "/v1/chat/completions", null,
            ChatRequests.Body(model: "default", stream: stream));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(stream ? "data: [DONE]" : "from b", text, StringComparison.Ordinal);
        Assert.Equal("2", response.Headers.GetValues("x-routing-attempts").Single());
        Assert.Equal("key-b", response.Headers.GetValues("x-routing-credential").Single());
        var record = await LedgerApi.RecordAsync(_harness.Gateway, null, response.Headers.GetValues("x-routing-request-id").Single());
        Assert.Equal(["ServerError", "Success"], record.Attempts.Select(a => a.Outcome));
    }

    [Theory]
    [InlineData("html")]
    [InlineData("redirect")]
    public async Task Chat_EveryKeyAnswersABrokenSuccess_502(string kind)
    {
        _harness.Mock.Enqueue(KeyA, Reply(kind));
        _harness.Mock.Enqueue(KeyB, Reply(kind));

        using var response = await LedgerApi.SendAsync(_harness.Gateway, HttpMethod.Post, "/v1/chat/completions", null, ChatRequests.Body(model: "default"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        ErrorBodies.AssertOpenAi(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, _harness.Mock.Requests.Count);
    }
}
