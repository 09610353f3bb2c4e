using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Anthropic;

/// <summary>
/// A request sequence shaped like Claude Code's (streamed, system blocks with cache_control,
/// tools, metadata): a background haiku call, a main call with tools, a call with extended
/// thinking, and a long-context call. Each lands on its configured role, across both upstream
/// protocols, and succeeds.
/// </summary>
public sealed class ClaudeCodeSequenceTests : TwoProtocolGatewayTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    [Fact]
    public async Task ClaudeCodeTurns_RouteToConfiguredRolesAcrossBothProtocolsAndSucceed()
    {
        Mock.SetDefault(MockReply.Ok("done"));
        var background = await SendAsync(Request("claude-3-5-haiku-20241022", "Summarize this title: fix login bug", tools: false));
        Assert.Equal(("background", "gpt-up", MockProtocol.OpenAiChat), (background.Role, background.Model, Mock.Requests[^1].Protocol));

        Mock.SetDefault(MockReply.ToolCall("Read", """{"file_path":"/src/app.ts"}""", leadingText: "I'll read the file.", chunks: 3));
        var main = await SendAsync(Request("claude-sonnet-4-5-20250929", "Fix the failing test in app.ts", tools: true));
        Assert.Equal(("default", "claude-up", MockProtocol.AnthropicMessages), (main.Role, main.Model, Mock.Requests[^1].Protocol));
        Assert.Contains("\"type\":\"tool_use\"", main.Text, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Read\"", main.Text, StringComparison.Ordinal);

        Mock.SetDefault(MockReply.Ok("thought it through"));
        var thinking = Request("claude-sonnet-4-5-20250929", "Plan the refactor carefully", tools: true);
        thinking["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = 4000 };
        thinking["max_tokens"] = 8000;
        var think = await SendAsync(thinking);
        Assert.Equal(("think", "claude-up"), (think.Role, think.Model));
        Assert.Contains("\"thinking\"", Mock.Requests[^1].Body, StringComparison.Ordinal);

        var longContext = await SendAsync(Request("claude-sonnet-4-5-20250929", new string('x', 300_000), tools: true));
        Assert.Equal(("longContext", "gpt-up", MockProtocol.OpenAiChat), (longContext.Role, longContext.Model, Mock.Requests[^1].Protocol));
        Assert.Contains("thought it through", longContext.Text, StringComparison.Ordinal);
        Assert.Equal(4, Mock.Requests.Count);
    }

    private static JsonObject Request(string model, string prompt, bool tools)
    {
        var request = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 32000,
            ["stream"] = true,
            ["system"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = "You are Claude Code, Anthropic's official CLI for Claude." },
                new JsonObject { ["type"] = "text", ["text"] = "Be concise.", ["cache_control"] = new JsonObject { ["type"] = "ephemeral" } }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = prompt }),
            }),
            ["metadata"] = new JsonObject { ["user_id"] = "user_abc_account_123_session_456" },
        };
        if (tools)
        {
            request["tools"] = new JsonArray(new JsonObject
            {
                ["name"] = "Read",
                ["description"] = "Reads a file from the local filesystem.",
                ["input_schema"] = JsonNode.Parse("""{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]}"""),
            });
        }

        return request;
    }

    private async Task<(string Role, string Model, IReadOnlyList<string?> Events, string Text)> SendAsync(JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");
        using var response = await Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllEventsAsync().WaitAsync(Bound);
        Assert.Equal("message_start", events[0].Event);
        Assert.Equal("message_stop", events[^1].Event);
        var text = string.Concat(events.Select(e => JsonNode.Parse(e.Data)!["delta"]?["text"]?.GetValue<string>() ?? e.Data));
        return (response.Headers.GetValues("x-routing-role").Single(), response.Headers.GetValues("x-routing-model").Single(),
            events.Select(e => e.Event).ToList(), text);
    }
}
