#pragma warning disable OPENAI001 // The SDK marks its Responses client experimental.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using OpenAI.Responses;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Responses;

/// <summary>
/// An <c>openai-responses</c> upstream serves every door: Responses clients as they are (only
/// <c>model</c> rewritten), chat-completions clients translated, Anthropic clients through chat;
/// streamed and not, with tool round trips.
/// </summary>
public sealed class ResponsesUpstreamTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartAsync(["rs-1"], upstream => $$"""
        providers:
          - { id: rs, protocol: openai-responses, baseUrl: "{{upstream.Mock.OpenAiBaseUrl}}" }
        credentials:
          - { id: rs-1, provider: rs, apiKey: "{{upstream.ReferenceOf("rs-1")}}" }
        models:
          - { id: resp-up, provider: rs, upstreamModel: resp-upstream-1, contextWindow: 200000, maxOutput: 8192, capabilities: [tools] }
        roles:
          default: { chain: [ { model: resp-up } ] }
        """);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private MockUpstream Mock => _harness.Mock;

    private ResponsesClient Responses() => new(new ApiKeyCredential("unused"), new ResponsesClientOptions
    {
        Endpoint = new Uri(_harness.Gateway.BaseUrl + "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    [Fact]
    public async Task ResponsesClient_PassThrough_ModelRewrittenAnswerAsIs()
    {
        var result = await Responses().CreateResponseAsync("default", "Hi there");

        Assert.Equal(MockReply.DefaultContent, result.Value.GetOutputText());
        var sent = Assert.Single(Mock.Requests);
        Assert.Equal(("/v1/responses", "resp-upstream-1"), (sent.Path, sent.Model));
        Assert.Contains("Hi there", sent.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponsesClient_PassThroughStream_EventsAndUsage()
    {
        var text = new StringBuilder();
        ResponseResult? completed = null;
        await foreach (var update in await Responses().CreateResponseStreamingAsync("default", "Hi there"))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
            else if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }

        Assert.Equal(MockReply.DefaultContent, text.ToString());
        Assert.True(completed?.Usage.OutputTokenCount > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatClient_OverResponses_TextAndToolRoundTrip(bool stream)
    {
        Mock.Enqueue(MockReply.ToolCall("get_weather", """{"city":"Porto"}"""), MockReply.Ok("Sunny in Porto."));
        var chat = _harness.OpenAiChat("default");
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Current weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")) },
        };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Porto?")];

        var (callId, name, arguments) = stream ? await StreamedCallAsync(chat, messages, options) : Call((await chat.CompleteChatAsync(messages, options)).Value);
        Assert.Equal(("get_weather", """{"city":"Porto"}"""), (name, arguments));
        messages.Add(new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(callId, name, BinaryData.FromString(arguments))]));
        messages.Add(new ToolChatMessage(callId, """{"sky":"clear"}"""));
        var answer = stream ? await StreamedTextAsync(chat, messages, options) : (await chat.CompleteChatAsync(messages, options)).Value.Content[0].Text;

        Assert.Equal("Sunny in Porto.", answer);
        var input = Mock.Requests[1].Json!["input"]!.AsArray();
        Assert.Equal(["message", "function_call", "function_call_output"], input.Select(i => i!["type"]!.GetValue<string>()));
        Assert.Equal(callId, input[2]!["call_id"]!.GetValue<string>());
        Assert.Equal("/v1/responses", Mock.Requests[1].Path);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnthropicClient_OverResponses_Text(bool stream)
    {
        using var response = await _harness.Gateway.Http.SendAsync(AnthropicRequests.Post(_harness.Gateway.BaseUrl + "/v1", null, AnthropicRequests.Body(model: "default", stream: stream)));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (stream)
        {
            Assert.Contains("event: message_stop", body, StringComparison.Ordinal);
            Assert.Contains("content_block_delta", body, StringComparison.Ordinal);
        }
        else
        {
            using var document = JsonDocument.Parse(body);
            Assert.Equal(MockReply.DefaultContent, document.RootElement.GetProperty("content")[0].GetProperty("text").GetString());
            Assert.True(document.RootElement.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
        }

        Assert.Equal(("/v1/responses", "resp-upstream-1"), (Assert.Single(Mock.Requests).Path, Mock.Requests[0].Model));
    }

    private static (string CallId, string Name, string Arguments) Call(ChatCompletion completion)
    {
        var call = Assert.Single(completion.ToolCalls);
        return (call.Id, call.FunctionName, call.FunctionArguments.ToString());
    }

    private static async Task<(string CallId, string Name, string Arguments)> StreamedCallAsync(ChatClient chat, List<ChatMessage> messages, ChatCompletionOptions options)
    {
        string id = "", name = "";
        var arguments = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                id += call.ToolCallId;
                name += call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        return (id, name, arguments.ToString());
    }

    private static async Task<string> StreamedTextAsync(ChatClient chat, List<ChatMessage> messages, ChatCompletionOptions options)
    {
        var text = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        return text.ToString();
    }
}
