using System.Buffers;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Writes complete OpenAI stream events (<c>data: {chat.completion.chunk}\n\n</c>) for one stream.
/// Upstream strings are copied from the event's JSON straight into the chunk (no intermediate
/// .NET strings); one buffer is reused for every chunk of the stream.
/// </summary>
internal sealed class OpenAiChunkWriter(string model, long created)
{
    public static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    /// <summary>The chunk id, <c>chatcmpl-</c> + the Anthropic message id once message_start has told it.</summary>
    public string Id { get; set; } = "chatcmpl-";

    public byte[] Role() => Delta<object?>(static (json, _) =>
    {
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
    }, null);

    public byte[] Content(JsonElement text) => Delta(static (json, text) => Copy(json, "content"u8, text), text);

    public byte[] Reasoning(JsonElement text) => Delta(static (json, text) => Copy(json, "reasoning_content"u8, text), text);

    public byte[] ToolCallStart(int index, JsonElement id, JsonElement name) => ToolCall((index, id, name, default));

    public byte[] ToolCallArguments(int index, JsonElement partialJson) => ToolCall((index, default, default, partialJson));

    public byte[] Finish(string finishReason) => Delta<object?>(static (_, _) => { }, null, finishReason);

    public byte[] Usage(TokenUsage usage)
    {
        using var json = Begin();
        json.WriteStartArray("choices"u8);
        json.WriteEndArray();
        OpenAiJson.WriteUsage(json, usage);
        return End(json);
    }

    /// <summary>OpenAI's in-band stream error: <c>data: {"error":{...}}</c>, with no [DONE] after it.</summary>
    public static byte[] Error(string message, string type, string code)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("data: "u8);
        using (var json = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("error"u8);
            json.WriteString("message"u8, message);
            json.WriteString("type"u8, type);
            json.WriteString("code"u8, code);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private byte[] ToolCall((int Index, JsonElement Id, JsonElement Name, JsonElement Arguments) call) => Delta(static (json, call) =>
    {
        json.WriteStartArray("tool_calls"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, call.Index);
        if (call.Id.ValueKind != JsonValueKind.Undefined)
        {
            Copy(json, "id"u8, call.Id);
            json.WriteString("type"u8, "function"u8);
        }

        json.WriteStartObject("function"u8);
        if (call.Name.ValueKind != JsonValueKind.Undefined)
        {
            Copy(json, "name"u8, call.Name);
            json.WriteString("arguments"u8, ""u8);
        }
        else
        {
            Copy(json, "arguments"u8, call.Arguments);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }, call);

    private byte[] Delta<TState>(Action<Utf8JsonWriter, TState> writeDelta, TState state, string? finishReason = null)
    {
        using var json = Begin();
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("delta"u8);
        writeDelta(json, state);
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        return End(json);
    }

    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _buffer.Write("data: "u8);
        var json = new Utf8JsonWriter(_buffer, OpenAiJson.WriterOptions);
        json.WriteStartObject();
        json.WriteString("id"u8, Id);
        json.WriteString("object"u8, "chat.completion.chunk"u8);
        json.WriteNumber("created"u8, created);
        json.WriteString("model"u8, model);
        return json;
    }

    private byte[] End(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.Flush();
        _buffer.Write("\n\n"u8);
        return _buffer.WrittenSpan.ToArray();
    }

    private static void Copy(Utf8JsonWriter json, ReadOnlySpan<byte> name, JsonElement value)
    {
        json.WritePropertyName(name);
        value.WriteTo(json);
    }
}
