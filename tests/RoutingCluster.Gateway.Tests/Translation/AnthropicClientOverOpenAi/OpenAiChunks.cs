using System.Text;
using System.Text.Json.Nodes;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// OpenAI <c>chat.completion.chunk</c> events shaped like recorded ones (gpt-4.1 with
/// <c>stream_options.include_usage</c>). Argument pieces are serialised here so a test can cut
/// arguments anywhere, including inside escapes, without hand-escaping.
/// </summary>
internal static class OpenAiChunks
{
    public const string Id = "chatcmpl-BzX4hWq1L7cM9tP0aVv2sE8RkYnJf";

    public static SseEvent Event(string data) => new(Encoding.UTF8.GetBytes($"data: {data}\n\n"), Encoding.UTF8.GetBytes(data));

    public static SseEvent Done => Event("[DONE]");

    public static SseEvent Role() =>
        Chunk("""{"role":"assistant","content":"","refusal":null}""");

    public static SseEvent Text(string text) =>
        Chunk(new JsonObject { ["content"] = text }.ToJsonString());

    public static SseEvent ToolStart(int index, string id, string name) =>
        Chunk($$"""{"tool_calls":[{"index":{{index}},"id":"{{id}}","type":"function","function":{"name":"{{name}}","arguments":""} }]}""");

    public static SseEvent ToolArguments(int index, string piece) =>
        Chunk(new JsonObject
        {
            ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = piece } }),
        }.ToJsonString());

    public static SseEvent Finish(string reason) =>
        Event($$"""{"id":"{{Id}}","object":"chat.completion.chunk","created":1753201230,"model":"gpt-4.1-2025-04-14","service_tier":"default","system_fingerprint":"fp_b3f1157249","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"{{reason}}"}],"usage":null}""");

    public static SseEvent Usage(int prompt, int completion, int cached) =>
        Event($$"""{"id":"{{Id}}","object":"chat.completion.chunk","created":1753201230,"model":"gpt-4.1-2025-04-14","service_tier":"default","system_fingerprint":"fp_b3f1157249","choices":[],"usage":{"prompt_tokens":{{prompt}},"completion_tokens":{{completion}},"total_tokens":{{prompt + completion}},"prompt_tokens_details":{"cached_tokens":{{cached}},"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0} } }""");

    public static SseEvent Chunk(string delta) =>
        Event($$"""{"id":"{{Id}}","object":"chat.completion.chunk","created":1753201230,"model":"gpt-4.1-2025-04-14","service_tier":"default","system_fingerprint":"fp_b3f1157249","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":null}],"usage":null}""");

    /// <summary>Cuts a string into pieces at the given character offsets.</summary>
    public static IEnumerable<string> Split(string text, params int[] cuts)
    {
        var start = 0;
        foreach (var cut in cuts.Append(text.Length))
        {
            yield return text[start..cut];
            start = cut;
        }
    }
}
