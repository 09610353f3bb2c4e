using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Xunit;

namespace RoutingCluster.Testing;

/// <summary>The official Anthropic SDK pointed straight at the mock: proves its replies parse as Anthropic's.</summary>
public sealed class MockUpstreamAnthropicSdkTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private MockUpstream _mock = null!;
    private AnthropicClient _client = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstream.StartAsync();
        // The SDK appends /v1/messages itself, so it gets BaseUrl, not AnthropicBaseUrl.
        _client = new AnthropicClient { BaseUrl = _mock.BaseUrl, ApiKey = "key-sdk", MaxRetries = 0 };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task MessagesCreate_PlainAndStreamed_SdkParsesTextAndUsage()
    {
        _mock.SetDefault("key-sdk", MockReply.Ok("sdk works", promptTokens: 7, completionTokens: 2));

        var message = await _client.Messages.Create(Parameters()).WaitAsync(Bound);

        Assert.Equal("sdk works", Assert.Single(message.Content).Value is TextBlock text ? text.Text : null);
        Assert.Equal(StopReason.EndTurn, message.StopReason?.Value());
        Assert.Equal(7, message.Usage.InputTokens);
        Assert.Equal(2, message.Usage.OutputTokens);

        var streamed = new StringBuilder();
        long? outputTokens = null;
        StopReason? stopReason = null;
        await foreach (var streamEvent in _client.Messages.CreateStreaming(Parameters()))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                streamed.Append(textDelta.Text);
            }
            else if (streamEvent.TryPickDelta(out var messageDelta))
            {
                outputTokens = messageDelta.Usage.OutputTokens;
                stopReason = messageDelta.Delta.StopReason?.Value();
            }
        }

        Assert.Equal("sdk works", streamed.ToString());
        Assert.Equal(2, outputTokens);
        Assert.Equal(StopReason.EndTurn, stopReason);
        Assert.All(_mock.Requests, r => Assert.Equal("key-sdk", r.ApiKey));
        Assert.All(_mock.Requests, r => Assert.Equal(MockProtocol.AnthropicMessages, r.Protocol));
        Assert.NotNull(_mock.Requests[0].AnthropicVersion);
        Assert.True(_mock.Requests[1].Stream);
    }

    [Fact]
    public async Task MessagesCreate_ToolUsePlainAndStreamed_SdkParsesToolInput()
    {
        const string arguments = """{"city":"Paris"}""";
        _mock.SetDefault("key-sdk", MockReply.ToolCall("get_weather", arguments, leadingText: "Checking.", chunks: 4));

        var message = await _client.Messages.Create(Parameters(withTools: true)).WaitAsync(Bound);

        Assert.Equal(StopReason.ToolUse, message.StopReason?.Value());
        var toolUse = Assert.Single(message.Content.Select(b => b.Value).OfType<ToolUseBlock>());
        Assert.Equal("get_weather", toolUse.Name);
        Assert.Equal("Paris", toolUse.Input["city"].GetString());

        var aggregated = await _client.Messages.CreateStreaming(Parameters(withTools: true)).Aggregate().WaitAsync(Bound);
        var streamedToolUse = Assert.Single(aggregated.Content.Select(b => b.Value).OfType<ToolUseBlock>());
        Assert.Equal("get_weather", streamedToolUse.Name);
        Assert.Equal("Paris", streamedToolUse.Input["city"].GetString());
        Assert.Equal("Checking.", Assert.Single(aggregated.Content.Select(b => b.Value).OfType<TextBlock>()).Text);
        Assert.Equal(StopReason.ToolUse, aggregated.StopReason?.Value());
        Assert.All(_mock.Requests, r => Assert.True(r.HasTools));
    }

    [Fact]
    public async Task MessagesCreate_RateLimitedAndOverloaded_SdkThrowsTypedExceptions()
    {
        _mock.Enqueue("key-sdk", MockReply.RateLimited(TimeSpan.FromSeconds(5)), MockReply.Overloaded());

        await Assert.ThrowsAsync<AnthropicRateLimitException>(() => _client.Messages.Create(Parameters()).WaitAsync(Bound));
        await Assert.ThrowsAsync<AnthropicOverloadedException>(() => _client.Messages.Create(Parameters()).WaitAsync(Bound));
    }

    private static MessageCreateParams Parameters(bool withTools = false) =>
        new()
        {
            Model = "claude-mock",
            MaxTokens = 256,
            Messages = [new UserMessageParam("Hi")],
            Tools = withTools ? [WeatherTool()] : null,
        };

    private static Tool WeatherTool() =>
        new()
        {
            Name = "get_weather",
            Description = "Current weather for a city.",
            InputSchema = new InputSchema
            {
                Properties = new Dictionary<string, JsonElement>
                {
                    ["city"] = JsonSerializer.SerializeToElement(new { type = "string" }),
                },
                Required = ["city"],
            },
        };
}
