using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;

namespace RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi;

public sealed class AnthropicRequestTranslatorTests
{
    private static RequestTranslation Attempt(string anthropic, string model = "gpt-4.1") => AnthropicRequestTranslator.ToOpenAi(Utf8(anthropic), model);

    private static byte[] Translate(string anthropic, string model = "gpt-4.1") => Assert.IsType<RequestTranslation.Translated>(Attempt(anthropic, model)).Body;

    [Fact]
    public void ToOpenAi_ClaudeCodeTurnWithToolsImagesAndThinking_MatchesGolden()
    {
        var actual = Translate("""
            {
              "model": "claude-sonnet-4-5-20250929",
              "max_tokens": 32000,
              "stream": true,
              "temperature": 1,
              "thinking": {"type": "enabled", "budget_tokens": 10000},
              "metadata": {"user_id": "user_4f1c_account__session_9f8e2b"},
              "system": [
                {"type": "text", "text": "You are Claude Code, Anthropic's official CLI for Claude.", "cache_control": {"type": "ephemeral"}},
                {"type": "text", "text": "You are an interactive CLI tool that helps users with software engineering tasks.", "cache_control": {"type": "ephemeral"}}
              ],
              "messages": [
                {"role": "user", "content": [
                  {"type": "text", "text": "<system-reminder>This is a reminder that your todo list is currently empty.</system-reminder>"},
                  {"type": "text", "text": "Why does this test fail? Screenshot attached.", "cache_control": {"type": "ephemeral"}},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgoAAAANSUhEUg=="}}
                ]},
                {"role": "assistant", "content": [
                  {"type": "thinking", "thinking": "The screenshot shows a parser assertion.", "signature": "EqQBCgIYAhIMbZ2s"},
                  {"type": "text", "text": "Let me read the test and run it."},
                  {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "Read", "input": {"file_path": "/repo/tests/ParserTests.cs"}},
                  {"type": "tool_use", "id": "toolu_01B7xk2mPq", "name": "Bash", "input": {"command": "dotnet test --filter ParserTests", "timeout": 120000}}
                ]},
                {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9", "content": "     1\tusing Xunit;\n     2\tpublic class ParserTests {}"},
                  {"type": "tool_result", "tool_use_id": "toolu_01B7xk2mPq", "is_error": true, "content": [
                    {"type": "text", "text": "Failed!  - Failed: 1, Passed: 11"},
                    {"type": "text", "text": "Exit code 1"}
                  ], "cache_control": {"type": "ephemeral"}},
                  {"type": "text", "text": "Also check the README."}
                ]},
                {"role": "assistant", "content": "Checking the README next."},
                {"role": "user", "content": "ok"}
              ],
              "tools": [
                {"name": "Read", "description": "Reads a file from the local filesystem.", "input_schema": {
                  "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
                  "properties": {"file_path": {"type": "string", "description": "The absolute path to the file to read"}},
                  "required": ["file_path"]}},
                {"name": "Bash", "description": "Executes a given bash command.", "cache_control": {"type": "ephemeral"}, "input_schema": {
                  "type": "object",
                  "properties": {"command": {"type": "string"}, "timeout": {"type": "number"}},
                  "required": ["command"]}}
              ]
            }
            """);

        JsonEqual("""
            {
              "model": "gpt-4.1",
              "messages": [
                {"role": "system", "content": "You are Claude Code, Anthropic's official CLI for Claude.\n\nYou are an interactive CLI tool that helps users with software engineering tasks."},
                {"role": "user", "content": [
                  {"type": "text", "text": "<system-reminder>This is a reminder that your todo list is currently empty.</system-reminder>"},
                  {"type": "text", "text": "Why does this test fail? Screenshot attached."},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="}}
                ]},
                {"role": "assistant", "content": "Let me read the test and run it.", "tool_calls": [
                  {"id": "toolu_01A09q90qw90lq917835lq9", "type": "function", "function": {"name": "Read", "arguments": "{\"file_path\":\"/repo/tests/ParserTests.cs\"}"}},
                  {"id": "toolu_01B7xk2mPq", "type": "function", "function": {"name": "Bash", "arguments": "{\"command\":\"dotnet test --filter ParserTests\",\"timeout\":120000}"}}
                ]},
                {"role": "tool", "tool_call_id": "toolu_01A09q90qw90lq917835lq9", "content": "     1\tusing Xunit;\n     2\tpublic class ParserTests {}"},
                {"role": "tool", "tool_call_id": "toolu_01B7xk2mPq", "content": "Error: Failed!  - Failed: 1, Passed: 11\nExit code 1"},
                {"role": "user", "content": "Also check the README."},
                {"role": "assistant", "content": "Checking the README next."},
                {"role": "user", "content": "ok"}
              ],
              "max_tokens": 32000,
              "temperature": 1,
              "user": "user_4f1c_account__session_9f8e2b",
              "reasoning_effort": "medium",
              "tools": [
                {"type": "function", "function": {"name": "Read", "description": "Reads a file from the local filesystem.", "parameters": {
                  "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
                  "properties": {"file_path": {"type": "string", "description": "The absolute path to the file to read"}},
                  "required": ["file_path"]}}},
                {"type": "function", "function": {"name": "Bash", "description": "Executes a given bash command.", "parameters": {
                  "type": "object",
                  "properties": {"command": {"type": "string"}, "timeout": {"type": "number"}},
                  "required": ["command"]}}}
              ],
              "stream": true,
              "stream_options": {"include_usage": true}
            }
            """, actual);
    }

    [Fact]
    public void ToOpenAi_PlainNonStreamingRequest_MapsSamplingAndDropsUnknownFields()
    {
        var actual = Translate("""
            {"model": "claude-3-5-haiku-20241022", "max_tokens": 512, "system": "Answer in one word.", "top_p": 0.9, "top_k": 40,
             "stop_sequences": ["\n\nHuman:", "END"], "stream": false, "service_tier": "auto", "tool_choice": {"type": "any"},
             "thinking": {"type": "disabled"}, "messages": [{"role": "user", "content": "Capital of France?"}]}
            """, "llama-3.3-70b");

        JsonEqual("""
            {"model": "llama-3.3-70b",
             "messages": [{"role": "system", "content": "Answer in one word."}, {"role": "user", "content": "Capital of France?"}],
             "max_tokens": 512, "top_p": 0.9, "stop": ["\n\nHuman:", "END"], "stream": false}
            """, actual);
    }

    [Fact]
    public void ToOpenAi_ToolResultWithImageAndUrlImage_MovesImageIntoFollowingUserMessage()
    {
        var actual = Translate("""
            {"max_tokens": 100, "messages": [
              {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "Screenshot", "input": {}}]},
              {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": [
                  {"type": "text", "text": "Captured."},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQ"}}]},
                {"type": "image", "source": {"type": "url", "url": "https://example.com/diagram.png"}}
              ]}
            ]}
            """);

        JsonEqual("""
            {"model": "gpt-4.1", "messages": [
              {"role": "assistant", "content": null, "tool_calls": [{"id": "toolu_1", "type": "function", "function": {"name": "Screenshot", "arguments": "{}"}}]},
              {"role": "tool", "tool_call_id": "toolu_1", "content": "Captured."},
              {"role": "user", "content": [
                {"type": "text", "text": "Image returned by tool call toolu_1:"},
                {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ"}},
                {"type": "image_url", "image_url": {"url": "https://example.com/diagram.png"}}
              ]}
            ], "max_tokens": 100}
            """, actual);
    }

    [Theory]
    [InlineData("""{"type": "auto"}""", """ "auto" """)]
    [InlineData("""{"type": "any"}""", """ "required" """)]
    [InlineData("""{"type": "none"}""", """ "none" """)]
    [InlineData("""{"type": "tool", "name": "Read"}""", """{"type": "function", "function": {"name": "Read"}}""")]
    public void ToOpenAi_ToolChoice_MapsToOpenAiChoice(string anthropicChoice, string openAiChoice)
    {
        var actual = Translate($$"""
            {"max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], "tool_choice": {{anthropicChoice}},
             "tools": [{"name": "Read", "input_schema": {"type": "object"} }]}
            """);

        JsonEqual($$"""
            {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 10,
             "tools": [{"type": "function", "function": {"name": "Read", "parameters": {"type": "object"} } }], "tool_choice": {{openAiChoice}} }
            """, actual);
    }

    [Fact]
    public void ToOpenAi_DisableParallelToolUseAndToolWithoutSchema_WritesParallelFalseAndEmptySchema()
    {
        var actual = Translate("""
            {"max_tokens": 10, "messages": [{"role": "user", "content": "hi"}],
             "tool_choice": {"type": "auto", "disable_parallel_tool_use": true}, "tools": [{"name": "Now", "type": "custom"}]}
            """);

        JsonEqual("""
            {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 10,
             "tools": [{"type": "function", "function": {"name": "Now", "parameters": {"type": "object", "properties": {}}}}],
             "tool_choice": "auto", "parallel_tool_calls": false}
            """, actual);
    }

    [Theory]
    [InlineData("""{"messages": [}""", "not valid JSON")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    [InlineData("""{"max_tokens": 5}""", "`messages` must be an array")]
    [InlineData("""{"messages": [{"role": "tool", "content": "x"}]}""", "`messages[0].role` is `tool`")]
    [InlineData("""{"messages": [{"role": "user"}]}""", "`messages[0].content` is required")]
    [InlineData("""{"max_tokens": "lots", "messages": []}""", "`max_tokens` must be a number")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "search_result", "source": "s"}]}]}""", "`messages[0].content[0]` is a `search_result` block")]
    [InlineData("""{"messages": [{"role": "assistant", "content": [{"type": "server_tool_use", "id": "s", "name": "web_search"}]}]}""", "`messages[0].content[0]` is a `server_tool_use` block")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "file", "file_id": "file_1"}}]}]}""", "`messages[0].content[0].source.type` is `file`")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBE"}}]}]}""", "`messages[0].content[0]` is a `base64` document")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "tool_result", "content": "x"}]}]}""", "`messages[0].content[0].tool_use_id` is required")]
    [InlineData("""{"messages": [{"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "n", "input": [1]}]}]}""", "`messages[0].content[0].input` must be an object")]
    [InlineData("""{"messages": [], "system": [{"type": "image"}]}""", "`system[0]` is a `image` block")]
    [InlineData("""{"messages": [], "tools": [{"name": "web_search", "type": "web_search_20250305", "max_uses": 5}]}""", "Anthropic server tool `web_search_20250305`")]
    [InlineData("""{"messages": [], "tools": [{"name": "x"}], "tool_choice": {"type": "sometimes"}}""", "`tool_choice.type` is `sometimes`")]
    public void ToOpenAi_UntranslatableRequest_IsUntranslatableNamingThePath(string anthropic, string expectedMessagePart)
    {
        var error = Assert.IsType<RequestTranslation.Untranslatable>(Attempt(anthropic));

        Assert.Contains(expectedMessagePart, error.Reason, StringComparison.Ordinal);
    }
}
