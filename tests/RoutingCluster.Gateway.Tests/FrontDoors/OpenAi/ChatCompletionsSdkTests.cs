using System.Text;
using OpenAI.Chat;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.OpenAi;

/// <summary>The official OpenAI SDK as the client, through the gateway, to a mock OpenAI-format upstream.</summary>
public sealed class ChatCompletionsSdkTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await GatewayHarness.StartAsync(["key-a"], upstream => upstream.SimpleYaml());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task CompleteChat_NonStreaming_ReturnsUpstreamAnswerWithRouteHeaders()
    {
        _harness.Mock.Enqueue(MockReply.Ok("hello from upstream", promptTokens: 11, completionTokens: 3));

        var result = await _harness.OpenAiChat("default").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal("hello from upstream", result.Value.Content[0].Text);
        Assert.Equal(3, result.Value.Usage.OutputTokenCount);
        var headers = result.GetRawResponse().Headers;
        Assert.Equal("default", Header(headers, "x-routing-role"));
        Assert.Equal("m1", Header(headers, "x-routing-model"));
        Assert.Equal("up", Header(headers, "x-routing-provider"));
        Assert.Equal("key-a", Header(headers, "x-routing-credential"));
        Assert.Equal("1", Header(headers, "x-routing-attempts"));

        var received = Assert.Single(_harness.Mock.Requests);
        Assert.Equal("up-model-1", received.Model);
        Assert.Equal(_harness.Upstream.KeyOf("key-a"), received.ApiKey);
        Assert.False(received.Stream);
    }

    [Fact]
    public async Task CompleteChat_NonStreaming_ForwardsBodyUntouchedExceptModel()
    {
        var body = """{"model":"default","temperature":0.25,"user":"u-17","messages":[{"role":"user","content":"keep \u00e9 me"}],"seed":42}""";
        using var response = await _harness.Http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        response.EnsureSuccessStatusCode();
        var received = Assert.Single(_harness.Mock.Requests);
        Assert.Equal(body.Replace("\"model\":\"default\"", "\"model\":\"up-model-1\"", StringComparison.Ordinal), received.Body);
    }

    [Fact]
    public async Task CompleteChatStreaming_ConcatenatesDeltasAndAsksUpstreamForUsage()
    {
        _harness.Mock.Enqueue(MockReply.Ok("one two three four", chunks: 4));

        var text = new StringBuilder();
        await foreach (var update in _harness.OpenAiChat("default").CompleteChatStreamingAsync([new UserChatMessage("count")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal("one two three four", text.ToString());
        var received = Assert.Single(_harness.Mock.Requests);
        Assert.True(received.Stream);
        Assert.True(received.IncludeUsage);
    }

    [Fact]
    public async Task CompleteChat_WithTools_ReturnsToolCall()
    {
        _harness.Mock.Enqueue(MockReply.ToolCall("get_weather", """{"city":"Lisbon","unit":"c"}"""));
        var options = new ChatCompletionOptions { Tools = { WeatherTool() } };

        var result = await _harness.OpenAiChat("default").CompleteChatAsync([new UserChatMessage("weather?")], options);

        var call = Assert.Single(result.Value.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("""{"city":"Lisbon","unit":"c"}""", call.FunctionArguments.ToString());
        Assert.True(Assert.Single(_harness.Mock.Requests).HasTools);
    }

    [Fact]
    public async Task CompleteChatStreaming_WithTools_ReassemblesToolCallArguments()
    {
        _harness.Mock.Enqueue(MockReply.ToolCall("get_weather", """{"city":"Porto","unit":"f"}""", chunks: 5));
        var options = new ChatCompletionOptions { Tools = { WeatherTool() } };

        var name = "";
        var arguments = new StringBuilder();
        await foreach (var update in _harness.OpenAiChat("default").CompleteChatStreamingAsync([new UserChatMessage("weather?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name += call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal("get_weather", name);
        Assert.Equal("""{"city":"Porto","unit":"f"}""", arguments.ToString());
    }

    private static ChatTool WeatherTool() => ChatTool.CreateFunctionTool(
        "get_weather",
        "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city"]}"""));

    private static string? Header(System.ClientModel.Primitives.PipelineResponseHeaders headers, string name) =>
        headers.TryGetValue(name, out var value) ? value : null;
}
