#pragma warning disable OPENAI001 // The SDK marks its Responses client experimental.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Responses;

/// <summary>
/// The official OpenAI SDK's Responses client against <c>POST /v1/responses</c>, served by a
/// chat-completions upstream (role <c>openai</c>) and an Anthropic one (role <c>anthropic</c>),
/// streamed and not, with a function-tool round trip; refusals in OpenAI's error format.
/// </summary>
public sealed class ResponsesSdkTests : TwoProtocolGatewayTests
{
    public static TheoryData<string> Roles => ["openai", "anthropic"];

    private const string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

    private ResponsesClient Client() => new(new ApiKeyCredential("unused"), new ResponsesClientOptions
    {
        Endpoint = new Uri(Gateway.BaseUrl + "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = TimeSpan.FromSeconds(30),
    });

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task CreateResponse_Text_OutputTextAndUsage(string role)
    {
        var result = await Client().CreateResponseAsync(role, "Hi there");

        Assert.Equal(MockReply.DefaultContent, result.Value.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, result.Value.Status);
        Assert.True(result.Value.Usage.OutputTokenCount > 0);
        Assert.Equal(role, result.GetRawResponse().Headers.TryGetValue("x-routing-role", out var routed) ? routed : null);
        var sent = Assert.Single(Mock.Requests);
        Assert.Equal(role == "openai" ? "gpt-upstream-1" : "claude-upstream-1", sent.Model);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task CreateResponseStreaming_Text_DeltasInOrderThenCompleted(string role)
    {
        var deltas = new StringBuilder();
        var kinds = new List<string>();
        var sequence = new List<int>();
        ResponseResult? completed = null;
        await foreach (var update in await Client().CreateResponseStreamingAsync(role, "Hi there"))
        {
            kinds.Add(update.GetType().Name);
            sequence.Add(update.SequenceNumber);
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.Equal(MockReply.DefaultContent, deltas.ToString());
        Assert.NotNull(completed);
        Assert.Equal(MockReply.DefaultContent, completed.GetOutputText());
        Assert.True(completed.Usage.InputTokenCount > 0);
        Assert.Equal(Enumerable.Range(sequence[0], sequence.Count), sequence);
        Assert.Equal(["StreamingResponseCreatedUpdate", "StreamingResponseInProgressUpdate", "StreamingResponseOutputItemAddedUpdate", "StreamingResponseContentPartAddedUpdate"], kinds.Take(4));
        Assert.Equal(["StreamingResponseOutputTextDoneUpdate", "StreamingResponseContentPartDoneUpdate", "StreamingResponseOutputItemDoneUpdate", "StreamingResponseCompletedUpdate"], kinds.TakeLast(4));
    }

    [Theory]
    [InlineData("openai", false)]
    [InlineData("openai", true)]
    [InlineData("anthropic", false)]
    [InlineData("anthropic", true)]
    public async Task CreateResponse_FunctionToolRoundTrip_CallThenAnswer(string role, bool stream)
    {
        Mock.Enqueue(MockReply.ToolCall("get_weather", """{"city":"Paris"}"""), MockReply.Ok("Sunny in Paris."));
        var tool = ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString(WeatherSchema), strictModeEnabled: false, "Current weather for a city.");
        List<ResponseItem> input = [ResponseItem.CreateUserMessageItem("Weather in Paris?")];

        var call = Assert.Single((await CreateAsync(role, input, tool, stream)).OutputItems.OfType<FunctionCallResponseItem>());
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("city").GetString());

        input.Add(call);
        input.Add(ResponseItem.CreateFunctionCallOutputItem(call.CallId, """{"sky":"clear"}"""));
        var answer = await CreateAsync(role, input, tool, stream);

        Assert.Equal("Sunny in Paris.", answer.GetOutputText());
        var second = Mock.Requests[1].Json!;
        var messages = second["messages"]!.AsArray();
        if (role == "openai")
        {
            Assert.Equal(["user", "assistant", "tool"], messages.Select(m => m!["role"]!.GetValue<string>()));
            Assert.Equal(call.CallId, messages[2]!["tool_call_id"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal(["user", "assistant", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
            Assert.Contains("tool_result", messages[2]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CreateResponse_NoInput_400InOpenAiFormat()
    {
        using var response = await Gateway.Http.PostAsync("/v1/responses", new StringContent("""{"model":"openai","input":[]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("`input` is required", ErrorBodies.AssertOpenAi(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(Mock.Requests);
    }

    [Fact]
    public async Task CreateResponse_HostedTool_LeftOutAndServed()
    {
        using var response = await Gateway.Http.PostAsync("/v1/responses", new StringContent(
            """{"model":"openai","input":"find news","tools":[{"type":"web_search"}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(Mock.Requests).Json!["tools"]);
    }

    private async Task<ResponseResult> CreateAsync(string role, IEnumerable<ResponseItem> input, ResponseTool tool, bool stream)
    {
        var options = new CreateResponseOptions(role, input) { Tools = { tool } };
        if (!stream)
        {
            return (await Client().CreateResponseAsync(options)).Value;
        }

        options.StreamingEnabled = true;
        ResponseResult? completed = null;
        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }

        return completed ?? throw new Xunit.Sdk.XunitException("no response.completed event");
    }
}
