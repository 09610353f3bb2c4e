using System.Buffers;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Converts a whole Anthropic Messages response into an OpenAI <c>chat.completion</c> with one
/// choice. Text blocks are concatenated into <c>content</c> (null when the reply is only tool
/// calls); tool_use blocks become <c>tool_calls</c> with their input as compact JSON; thinking
/// text is exposed as <c>reasoning_content</c> (the DeepSeek/vLLM convention; clients that do not
/// know it ignore it) while signatures and redacted thinking are dropped. <paramref name="created"/>
/// is passed in so the translation stays pure.
/// </summary>
public sealed class AnthropicToOpenAiBody(string clientModel, long created) : IBodyTranslator
{
    public BodyTranslation Translate(byte[] upstreamBody)
    {
        using var document = AnthropicJson.ParseObject(upstreamBody);
        if (document is null)
        {
            return new BodyTranslation.Unreadable("The Anthropic upstream's response is not a JSON object.");
        }

        var message = document.RootElement;
        var usage = AnthropicUsage.TryRead(upstreamBody);
        var blocks = message.TryGetProperty("content"u8, out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object).ToList()
            : [];

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, "chatcmpl-" + AnthropicJson.StringOf(message, "id"u8));
            writer.WriteString("object"u8, "chat.completion"u8);
            writer.WriteNumber("created"u8, created);
            writer.WriteString("model"u8, clientModel);
            writer.WriteStartArray("choices"u8);
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, 0);
            WriteMessage(writer, blocks);
            writer.WriteNull("logprobs"u8);
            writer.WriteString("finish_reason"u8, OpenAiJson.FinishReason(AnthropicJson.StringOf(message, "stop_reason"u8)));
            writer.WriteEndObject();
            writer.WriteEndArray();
            OpenAiJson.WriteUsage(writer, usage ?? default);
            writer.WriteEndObject();
        }

        return new BodyTranslation.Translated(buffer.WrittenSpan.ToArray(), usage);
    }

    private static void WriteMessage(Utf8JsonWriter writer, List<JsonElement> blocks)
    {
        var text = Joined(blocks, "text"u8, "text"u8);
        var reasoning = Joined(blocks, "thinking"u8, "thinking"u8);
        var toolUses = blocks.Where(b => AnthropicJson.IsType(b, "tool_use"u8)).ToList();

        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        if (text is null && toolUses.Count > 0)
        {
            writer.WriteNull("content"u8);
        }
        else
        {
            writer.WriteString("content"u8, text ?? "");
        }

        if (reasoning is not null)
        {
            writer.WriteString("reasoning_content"u8, reasoning);
        }

        if (toolUses.Count > 0)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var toolUse in toolUses)
            {
                writer.WriteStartObject();
                writer.WriteString("id"u8, AnthropicJson.StringOf(toolUse, "id"u8));
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, AnthropicJson.StringOf(toolUse, "name"u8));
                writer.WriteString("arguments"u8, CompactJson(toolUse));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteNull("refusal"u8);
        writer.WriteEndObject();
    }

    /// <summary>The concatenated <paramref name="field"/> of all blocks of one type, or null when there is no such block.</summary>
    private static string? Joined(List<JsonElement> blocks, ReadOnlySpan<byte> type, ReadOnlySpan<byte> field)
    {
        string? joined = null;
        foreach (var block in blocks)
        {
            if (AnthropicJson.IsType(block, type))
            {
                joined = string.Concat(joined, AnthropicJson.StringOf(block, field));
            }
        }

        return joined;
    }

    private static byte[] CompactJson(JsonElement toolUse)
    {
        if (!toolUse.TryGetProperty("input"u8, out var input) || input.ValueKind != JsonValueKind.Object)
        {
            return "{}"u8.ToArray();
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions))
        {
            input.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
