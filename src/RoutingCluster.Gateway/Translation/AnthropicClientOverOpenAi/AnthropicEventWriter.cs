using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Serialises Anthropic stream events as complete SSE events (<c>event: type\ndata: json\n\n</c>).
/// One buffer and JSON writer are reused for every event of a stream; each event is copied out once.
/// Text and argument pieces are copied as the raw JSON string tokens the upstream sent, never decoded.
/// </summary>
internal sealed class AnthropicEventWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;

    public AnthropicEventWriter() => _json = new Utf8JsonWriter(_buffer);

    public byte[] MessageStart(string id, string model, TokenUsage usage)
    {
        var json = Begin("message_start"u8);
        json.WriteStartObject("message"u8);
        json.WriteString("id"u8, id);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, model);
        json.WriteStartArray("content"u8);
        json.WriteEndArray();
        json.WriteNull("stop_reason"u8);
        json.WriteNull("stop_sequence"u8);
        json.WriteStartObject("usage"u8);
        OpenAiUsage.WriteAnthropicFields(json, usage);
        json.WriteEndObject();
        json.WriteEndObject();
        return End();
    }

    public byte[] TextBlockStart(int index)
    {
        var json = BeginBlock("content_block_start"u8, index);
        json.WriteStartObject("content_block"u8);
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, ""u8);
        json.WriteEndObject();
        return End();
    }

    public byte[] ToolBlockStart(int index, string id, string name)
    {
        var json = BeginBlock("content_block_start"u8, index);
        json.WriteStartObject("content_block"u8);
        json.WriteString("type"u8, "tool_use"u8);
        json.WriteString("id"u8, id);
        json.WriteString("name"u8, name);
        json.WriteStartObject("input"u8);
        json.WriteEndObject();
        json.WriteEndObject();
        return End();
    }

    /// <param name="piece">A JSON string element of the upstream chunk, copied as is.</param>
    public byte[] Delta(int index, ReadOnlySpan<byte> deltaType, ReadOnlySpan<byte> field, JsonElement piece)
    {
        var json = BeginBlock("content_block_delta"u8, index);
        json.WriteStartObject("delta"u8);
        json.WriteString("type"u8, deltaType);
        json.WritePropertyName(field);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(piece), skipInputValidation: true);
        json.WriteEndObject();
        return End();
    }

    public byte[] BlockStop(int index)
    {
        BeginBlock("content_block_stop"u8, index);
        return End();
    }

    /// <param name="usage">Null when the upstream reported none: only <c>output_tokens: 0</c> is sent.</param>
    public byte[] MessageDelta(string stopReason, TokenUsage? usage)
    {
        var json = Begin("message_delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteString("stop_reason"u8, stopReason);
        json.WriteNull("stop_sequence"u8);
        json.WriteEndObject();
        json.WriteStartObject("usage"u8);
        if (usage is { } known)
        {
            OpenAiUsage.WriteAnthropicFields(json, known);
        }
        else
        {
            json.WriteNumber("output_tokens"u8, 0);
        }

        json.WriteEndObject();
        return End();
    }

    public byte[] MessageStop()
    {
        Begin("message_stop"u8);
        return End();
    }

    public byte[] Error(string type, string message)
    {
        var json = Begin("error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, type);
        json.WriteString("message"u8, message);
        json.WriteEndObject();
        return End();
    }

    private Utf8JsonWriter BeginBlock(ReadOnlySpan<byte> type, int index)
    {
        var json = Begin(type);
        json.WriteNumber("index"u8, index);
        return json;
    }

    private Utf8JsonWriter Begin(ReadOnlySpan<byte> type)
    {
        _buffer.ResetWrittenCount();
        _buffer.Write("event: "u8);
        _buffer.Write(type);
        _buffer.Write("\ndata: "u8);
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("type"u8, type);
        return _json;
    }

    private byte[] End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n\n"u8);
        return _buffer.WrittenSpan.ToArray();
    }
}
