using RoutingCluster.Gateway.Translation;
using System.Text.Json.Nodes;
using RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Translation.OpenAiClientOverAnthropic;

public sealed class OpenAiRequestTranslatorTests
{
    private static byte[] Translate(string openAi, int defaultMaxTokens = 4096) =>
        Assert.IsType<RequestTranslation.Translated>(OpenAiRequestTranslator.ToAnthropic(GoldenJson.Utf8(openAi), "claude-sonnet-4-5-20250929", defaultMaxTokens)).Body;

    private static JsonObject TranslateToNode(string openAi) => JsonNode.Parse(Translate(openAi))!.AsObject();

    [Fact]
    public void ToAnthropic_AgentTurnWithParallelToolCalls_GoldenOutput()
    {
        // Shaped like a Codex-style agent loop: system + developer prompts, a user task, an assistant
        // turn calling two tools in parallel, both results, then the next user nudge.
        const string openAi = """
            {
              "model": "code",
              "messages": [
                {"role": "system", "content": "You are a coding agent working in /repo."},
                {"role": "developer", "content": [{"type": "text", "text": "Prefer small diffs."}, {"type": "text", "text": "Run tests after edits."}]},
                {"role": "user", "content": "Why does test_parse fail?"},
                {"role": "assistant", "content": "Let me look at the parser and the test.", "tool_calls": [
                  {"id": "call_A1", "type": "function", "function": {"name": "read_file", "arguments": "{\"path\":\"src/parse.py\"}"}},
                  {"id": "call_B2", "type": "function", "function": {"name": "run", "arguments": "{\"cmd\":\"pytest -k test_parse\",\"timeout\":60}"}}
                ]},
                {"role": "tool", "tool_call_id": "call_A1", "content": "def parse(s):\n    return int(s)"},
                {"role": "tool", "tool_call_id": "call_B2", "content": [{"type": "text", "text": "FAILED test_parse - ValueError"}]},
                {"role": "user", "content": "Fix it."}
              ],
              "tools": [
                {"type": "function", "function": {"name": "read_file", "description": "Read a file", "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}, "strict": true}},
                {"type": "function", "function": {"name": "run", "description": "Run a shell command", "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}, "timeout": {"type": "integer"}}, "required": ["cmd"]}}},
                {"type": "function", "function": {"name": "list_files"}}
              ],
              "tool_choice": "auto",
              "max_completion_tokens": 8000,
              "temperature": 0.2,
              "stream": true,
              "stream_options": {"include_usage": true},
              "seed": 42,
              "user": "user-1234"
            }
            """;

        GoldenJson.Equal("""
            {
              "model": "claude-sonnet-4-5-20250929",
              "max_tokens": 8000,
              "system": "You are a coding agent working in /repo.\n\nPrefer small diffs.\nRun tests after edits.",
              "messages": [
                {"role": "user", "content": [{"type": "text", "text": "Why does test_parse fail?"}]},
                {"role": "assistant", "content": [
                  {"type": "text", "text": "Let me look at the parser and the test."},
                  {"type": "tool_use", "id": "call_A1", "name": "read_file", "input": {"path": "src/parse.py"}},
                  {"type": "tool_use", "id": "call_B2", "name": "run", "input": {"cmd": "pytest -k test_parse", "timeout": 60}}
                ]},
                {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "call_A1", "content": "def parse(s):\n    return int(s)"},
                  {"type": "tool_result", "tool_use_id": "call_B2", "content": "FAILED test_parse - ValueError"},
                  {"type": "text", "text": "Fix it."}
                ]}
              ],
              "tools": [
                {"name": "read_file", "description": "Read a file", "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}},
                {"name": "run", "description": "Run a shell command", "input_schema": {"type": "object", "properties": {"cmd": {"type": "string"}, "timeout": {"type": "integer"}}, "required": ["cmd"]}},
                {"name": "list_files", "input_schema": {"type": "object", "properties": {}}}
              ],
              "tool_choice": {"type": "auto"},
              "temperature": 0.2,
              "stream": true,
              "metadata": {"user_id": "user-1234"}
            }
            """, Translate(openAi));
    }

    [Fact]
    public void ToAnthropic_ImagesAndConsecutiveUserMessages_MergedGoldenOutput()
    {
        const string openAi = """
            {
              "model": "vision",
              "messages": [
                {"role": "user", "content": [
                  {"type": "text", "text": "What is in these images?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", "detail": "high"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}}
                ]},
                {"role": "user", "content": "Be brief."},
                {"role": "assistant", "content": ""},
                {"role": "user", "content": "Also, which is larger?"}
              ],
              "max_tokens": 300,
              "stop": "END",
              "top_p": 0.9
            }
            """;

        GoldenJson.Equal("""
            {
              "model": "claude-sonnet-4-5-20250929",
              "max_tokens": 300,
              "messages": [
                {"role": "user", "content": [
                  {"type": "text", "text": "What is in these images?"},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgoAAAANSUhEUg=="}},
                  {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
                  {"type": "text", "text": "Be brief."},
                  {"type": "text", "text": "Also, which is larger?"}
                ]}
              ],
              "stop_sequences": ["END"],
              "top_p": 0.9
            }
            """, Translate(openAi));
    }

    [Fact]
    public void ToAnthropic_ConversationStartingWithAssistant_InsertsPlaceholderUserTurn()
    {
        var output = TranslateToNode("""{"messages":[{"role":"system","content":"Greet."},{"role":"assistant","content":"Hello!"},{"role":"user","content":"Hi"}]}""");

        GoldenJson.Equal("""
            [
              {"role": "user", "content": [{"type": "text", "text": "(conversation start)"}]},
              {"role": "assistant", "content": [{"type": "text", "text": "Hello!"}]},
              {"role": "user", "content": [{"type": "text", "text": "Hi"}]}
            ]
            """, output["messages"]!.ToJsonString());
        Assert.Equal(4096, output["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void ToAnthropic_ToolResultAfterUserText_ToolResultMovedFirst()
    {
        var output = TranslateToNode("""
            {"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"noop","arguments":""}}]},
              {"role":"user","content":"(waiting)"},
              {"role":"tool","tool_call_id":"call_1","content":""}
            ]}
            """);

        GoldenJson.Equal("""
            [
              {"role": "user", "content": [{"type": "text", "text": "go"}]},
              {"role": "assistant", "content": [{"type": "tool_use", "id": "call_1", "name": "noop", "input": {}}]},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "call_1"}, {"type": "text", "text": "(waiting)"}]}
            ]
            """, output["messages"]!.ToJsonString());
    }

    [Theory]
    [InlineData("\"auto\"", null, """{"type":"auto"}""")]
    [InlineData("\"required\"", null, """{"type":"any"}""")]
    [InlineData("\"none\"", null, """{"type":"none"}""")]
    [InlineData("""{"type":"function","function":{"name":"run"}}""", null, """{"type":"tool","name":"run"}""")]
    [InlineData("\"auto\"", "false", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData("\"required\"", "false", """{"type":"any","disable_parallel_tool_use":true}""")]
    [InlineData("""{"type":"function","function":{"name":"run"}}""", "false", """{"type":"tool","name":"run","disable_parallel_tool_use":true}""")]
    [InlineData("\"none\"", "false", """{"type":"none"}""")]
    [InlineData(null, "false", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData("\"auto\"", "true", """{"type":"auto"}""")]
    public void ToAnthropic_ToolChoiceVariants_Mapped(string? toolChoice, string? parallel, string expected)
    {
        var extra = (toolChoice is null ? "" : $",\"tool_choice\":{toolChoice}") + (parallel is null ? "" : $",\"parallel_tool_calls\":{parallel}");
        var output = TranslateToNode("""{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"run","parameters":{"type":"object"}}}]""" + extra + "}");

        GoldenJson.Equal(expected, output["tool_choice"]!.ToJsonString());
    }

    [Fact]
    public void ToAnthropic_NoToolChoiceNoParallelFlag_NoToolChoice()
    {
        var output = TranslateToNode("""{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"run"}}]}""");

        Assert.False(output.ContainsKey("tool_choice"));
    }

    [Fact]
    public void ToAnthropic_ToolChoiceWithoutTools_Dropped()
    {
        var output = TranslateToNode("""{"messages":[{"role":"user","content":"hi"}],"tools":[],"tool_choice":"none"}""");

        Assert.False(output.ContainsKey("tools"));
        Assert.False(output.ContainsKey("tool_choice"));
    }

    [Theory]
    [InlineData("low", 2048)]
    [InlineData("medium", 8192)]
    [InlineData("high", 24576)]
    [InlineData("xhigh", 24576)]
    public void ToAnthropic_ReasoningEffort_ThinkingBudgetAndSamplingDropped(string effort, int budget)
    {
        var output = TranslateToNode($$"""{"messages":[{"role":"user","content":"prove it"}],"reasoning_effort":"{{effort}}","max_completion_tokens":32000,"temperature":0.5,"top_p":0.8}""");

        GoldenJson.Equal($$"""{"type":"enabled","budget_tokens":{{budget}}}""", output["thinking"]!.ToJsonString());
        Assert.Equal(32000, output["max_tokens"]!.GetValue<int>());
        Assert.False(output.ContainsKey("temperature"));
        Assert.False(output.ContainsKey("top_p"));
    }

    [Fact]
    public void ToAnthropic_ReasoningBudgetAboveMaxTokens_MaxTokensRaisedByBudget()
    {
        var output = TranslateToNode("""{"messages":[{"role":"user","content":"prove it"}],"reasoning_effort":"medium","max_tokens":1000}""");

        Assert.Equal(8192 + 1000, output["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void ToAnthropic_ReasoningWithDefaultMaxTokens_MaxTokensRaisedByBudget()
    {
        var output = JsonNode.Parse(Translate("""{"messages":[{"role":"user","content":"x"}],"reasoning_effort":"high"}""", defaultMaxTokens: 4096))!;

        Assert.Equal(24576 + 4096, output["max_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("minimal")]
    [InlineData("none")]
    public void ToAnthropic_ReasoningEffortMinimal_NoThinking(string effort)
    {
        var output = TranslateToNode($$"""{"messages":[{"role":"user","content":"x"}],"reasoning_effort":"{{effort}}","temperature":0.3}""");

        Assert.False(output.ContainsKey("thinking"));
        Assert.Equal(0.3, output["temperature"]!.GetValue<double>());
    }

    [Fact]
    public void ToAnthropic_ReasoningWithForcedTool_NoThinking()
    {
        var output = TranslateToNode("""{"messages":[{"role":"user","content":"x"}],"reasoning_effort":"high","tools":[{"type":"function","function":{"name":"run"}}],"tool_choice":"required"}""");

        Assert.False(output.ContainsKey("thinking"));
    }

    [Fact]
    public void ToAnthropic_ReasoningAfterAssistantToolCall_NoThinking()
    {
        var output = TranslateToNode("""
            {"reasoning_effort":"high","messages":[
              {"role":"user","content":"x"},
              {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"run","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"ok"}
            ]}
            """);

        Assert.False(output.ContainsKey("thinking"));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.7, 0.7)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.6, 1.0)]
    [InlineData(2.0, 1.0)]
    public void ToAnthropic_Temperature_ClampedToAnthropicRange(double openAi, double anthropic)
    {
        var output = TranslateToNode($$"""{"messages":[{"role":"user","content":"x"}],"temperature":{{openAi}}}""");

        Assert.Equal(anthropic, output["temperature"]!.GetValue<double>());
    }

    [Fact]
    public void ToAnthropic_StopArray_WhitespaceOnlyDropped()
    {
        var output = TranslateToNode("""{"messages":[{"role":"user","content":"x"}],"stop":["###","\n\n","</answer>"]}""");

        GoldenJson.Equal("""["###","</answer>"]""", output["stop_sequences"]!.ToJsonString());
    }

    [Fact]
    public void ToAnthropic_UnknownAndSamplingOnlyFields_Dropped()
    {
        var output = TranslateToNode("""
            {"model":"m","messages":[{"role":"user","content":"x","name":"alice"}],"n":1,"seed":7,"presence_penalty":0.5,
             "frequency_penalty":0.1,"logit_bias":{"50256":-100},"store":false,"metadata":{"k":"v"},"stream":false,
             "stream_options":null,"response_format":{"type":"text"},"prediction":{"type":"content","content":"x"},"some_future_field":{}}
            """);

        GoldenJson.Equal("""
            {"model":"claude-sonnet-4-5-20250929","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"stream":false}
            """, output.ToJsonString());
    }

    [Fact]
    public void ToAnthropic_RefusalPartInAssistantHistory_BecomesText()
    {
        var output = TranslateToNode("""
            {"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]},{"role":"user","content":"ok"}]}
            """);

        GoldenJson.Equal("""[{"type":"text","text":"I can't help with that."}]""", output["messages"]![1]!["content"]!.ToJsonString());
    }

    [Fact]
    public void ToAnthropic_NonAsciiText_KeptReadable()
    {
        var body = System.Text.Encoding.UTF8.GetString(Translate("""{"messages":[{"role":"user","content":"café <b> & 日本"}]}"""));

        Assert.Contains("café <b> & 日本", body, StringComparison.Ordinal);
    }
}
