using System.Text;
using Anthropic;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Anthropic;

/// <summary>
/// Official SDKs as clients through the gateway, across protocols: Anthropic SDK to an Anthropic
/// upstream (pass-through) and to an OpenAI upstream (translated); OpenAI SDK to an Anthropic
/// upstream (translated the other way). Streaming and tools included.
/// </summary>
public sealed class MessagesSdkTests : TwoProtocolGatewayTests
{
    private const string Weather = """{"city":"Lisbon"}""";
    [Theory]
    [InlineData("anthropic", MockProtocol.AnthropicMessages, "claude-upstream-1")]
    [InlineData("openai", MockProtocol.OpenAiChat, "gpt-upstream-1")]
    public async Task AnthropicSdk_Create_ReturnsTextAndUsageFromEitherUpstream(string role, MockProtocol upstream, string upstreamModel)
    {
        Mock.SetDefault(MockReply.Ok("routed answer", promptTokens: 21, completionTokens: 4));
        using var client = AnthropicSdk.Client(Gateway.BaseUrl);

        var message = await client.Messages.Create(AnthropicSdk.Ask(role, "hello"));

        Assert.Equal("routed answer", Assert.IsType<TextBlock>(Assert.Single(message.Content).Value).Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason?.Value());
        Assert.Equal(4, message.Usage.OutputTokens);
        var received = Assert.Single(Mock.Requests);
        Assert.Equal(upstream, received.Protocol);
        Assert.Equal(upstreamModel, received.Model);
    }

    [Theory]
    [InlineData("anthropic", MockProtocol.AnthropicMessages)]
    [InlineData("openai", MockProtocol.OpenAiChat)]
    public async Task AnthropicSdk_StreamWithTools_ReassemblesTextAndToolUse(string role, MockProtocol upstream)
    {
        Mock.SetDefault(MockReply.ToolCall("get_weather", Weather, leadingText: "Let me check.", chunks: 5));
        using var client = AnthropicSdk.Client(Gateway.BaseUrl);

        var message = await client.Messages.CreateStreaming(AnthropicSdk.Ask(role, "weather?", withTools: true)).Aggregate();

        Assert.Equal("Let me check.", Assert.Single(message.Content.Select(b => b.Value).OfType<TextBlock>()).Text);
        var toolUse = Assert.Single(message.Content.Select(b => b.Value).OfType<ToolUseBlock>());
        Assert.Equal("get_weather", toolUse.Name);
        Assert.Equal("Lisbon", toolUse.Input["city"].GetString());
        Assert.Equal(StopReason.ToolUse, message.StopReason?.Value());
        var received = Assert.Single(Mock.Requests);
        Assert.Equal(upstream, received.Protocol);
        Assert.True(received.HasTools);
        Assert.True(received.Stream);
    }

    [Fact]
    public async Task AnthropicSdk_SameProtocol_BodyPassesUntouchedExceptModelAndKeyIsTheProviders()
    {
        var body = """{"model":"anthropic","max_tokens":64,"system":[{"type":"text","text":"be brief","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"}],"metadata":{"user_id":"u-9"}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "prompt-caching-2024-07-31");

        using var response = await Gateway.Http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var received = Assert.Single(Mock.Requests);
        Assert.Equal(body.Replace("\"model\":\"anthropic\"", "\"model\":\"claude-upstream-1\"", StringComparison.Ordinal), received.Body);
        Assert.Equal(Config.KeyOf("an-1"), received.ApiKey);
        Assert.Equal("2023-06-01", received.AnthropicVersion);
        Assert.Equal("prompt-caching-2024-07-31", received.AnthropicBeta);
    }

    [Fact]
    public async Task OpenAiSdk_ToAnthropicUpstream_TextStreamAndToolCallsTranslated()
    {
        var chat = Gateway.OpenAiChat("anthropic");
        Mock.Enqueue(MockReply.Ok("translated back", completionTokens: 3));
        var plain = await chat.CompleteChatAsync([new SystemChatMessage("be brief"), new UserChatMessage("hi")]);
        Assert.Equal("translated back", plain.Value.Content[0].Text);
        Assert.Equal(3, plain.Value.Usage.OutputTokenCount);

        Mock.Enqueue(MockReply.Ok("one two three", chunks: 3));
        var streamed = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("count")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.Equal("one two three", streamed.ToString());

        Mock.Enqueue(MockReply.ToolCall("get_weather", Weather, chunks: 4));
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")) },
        };
        var name = "";
        var arguments = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("weather?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name += call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal("get_weather", name);
        Assert.Equal(Weather, arguments.ToString());
        Assert.All(Mock.Requests, r => Assert.Equal(MockProtocol.AnthropicMessages, r.Protocol));
        Assert.Contains("\"system\":\"be brief\"", Mock.Requests[0].Body, StringComparison.Ordinal);
    }
}
