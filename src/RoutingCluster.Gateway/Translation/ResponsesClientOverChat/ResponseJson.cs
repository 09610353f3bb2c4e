using System.Buffers;
using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

/// <summary>The Responses API's JSON shapes the translators write: the response object, its output items, and SSE events.</summary>
internal static class ResponseJson
{
    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N");

    /// <summary>The status and incomplete reason for a chat <c>finish_reason</c>.</summary>
    public static (string Status, string? IncompleteReason) StatusOf(string? finishReason) => finishReason switch
    {
        "length" => ("incomplete", "max_output_tokens"),
        "content_filter" => ("incomplete", "content_filter"),
        _ => ("completed", null),
    };

    public static void WriteResponse(
        Utf8JsonWriter writer, string id, long createdAt, string model, string status, IReadOnlyList<ResponseItem> output, TokenUsage? usage, string? incompleteReason)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "response");
        writer.WriteNumber("created_at", createdAt);
        writer.WriteString("status", status);
        writer.WriteNull("error");
        if (incompleteReason is null)
        {
            writer.WriteNull("incomplete_details");
        }
        else
        {
            writer.WriteStartObject("incomplete_details");
            writer.WriteString("reason", incompleteReason);
            writer.WriteEndObject();
        }

        writer.WriteString("model", model);
        writer.WriteStartArray("output");
        foreach (var item in output)
        {
            WriteItem(writer, item, "completed");
        }

        writer.WriteEndArray();
        writer.WriteBoolean("parallel_tool_calls", true);
        writer.WriteString("tool_choice", "auto");
        writer.WriteStartArray("tools");
        writer.WriteEndArray();
        if (usage is { } used)
        {
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", used.Input);
            writer.WriteStartObject("input_tokens_details");
            writer.WriteNumber("cached_tokens", used.CacheRead);
            writer.WriteEndObject();
            writer.WriteNumber("output_tokens", used.Output);
            writer.WriteStartObject("output_tokens_details");
            writer.WriteNumber("reasoning_tokens", 0);
            writer.WriteEndObject();
            writer.WriteNumber("total_tokens", used.Total);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("usage");
        }

        writer.WriteEndObject();
    }

    public static void WriteItem(Utf8JsonWriter writer, ResponseItem item, string status)
    {
        writer.WriteStartObject();
        if (item.IsReasoning)
        {
            writer.WriteString("type", "reasoning");
            writer.WriteString("id", item.Id);
            writer.WriteStartArray("summary");
            if (item.Text is not null)
            {
                WriteSummaryPart(writer, item.Text);
            }

            writer.WriteEndArray();
        }
        else if (item.IsCall)
        {
            writer.WriteString("type", "function_call");
            writer.WriteString("id", item.Id);
            writer.WriteString("call_id", item.CallId);
            writer.WriteString("name", item.Name);
            writer.WriteString("arguments", item.Arguments ?? "");
            writer.WriteString("status", status);
        }
        else
        {
            writer.WriteString("type", "message");
            writer.WriteString("id", item.Id);
            writer.WriteString("status", status);
            writer.WriteString("role", "assistant");
            writer.WriteStartArray("content");
            if (item.Text is not null)
            {
                WriteTextPart(writer, item.Text);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public static void WriteSummaryPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "summary_text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    public static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "output_text");
        writer.WriteString("text", text);
        writer.WriteStartArray("annotations");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>One SSE event: <c>event: {type}</c> and its data, whose members <paramref name="body"/> writes after <c>type</c> and <c>sequence_number</c>.</summary>
    public static byte[] Event(string type, int sequence, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("sequence_number", sequence);
            body(writer);
            writer.WriteEndObject();
        }

        return [.. Encoding.UTF8.GetBytes($"event: {type}\ndata: "), .. buffer.WrittenSpan, .. "\n\n"u8];
    }
}
