using System.Buffers;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

/// <summary>
/// A whole <c>chat.completion</c> as a Responses <c>response</c>: the first choice's
/// <c>reasoning_content</c> (when the upstream shows its reasoning) as a reasoning item with a
/// summary, its text as a message item, each tool call as a <c>function_call</c> item, usage as input/output tokens, and
/// <c>finish_reason: length</c> as status <c>incomplete</c> (<c>max_output_tokens</c>).
/// </summary>
internal sealed class ChatToResponsesBody(string clientModel, long createdAt) : IBodyTranslator
{
    public BodyTranslation Translate(byte[] upstreamBody)
    {
        try
        {
            return TranslateJson(upstreamBody);
        }
        catch (JsonException)
        {
            return new BodyTranslation.Unreadable("the body is not JSON");
        }
    }

    private BodyTranslation TranslateJson(byte[] upstreamBody)
    {
        using var document = JsonDocument.Parse(upstreamBody);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return new BodyTranslation.Unreadable("the body is not a chat completion with a choice");
        }

        var choice = choices[0];
        var message = choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var output = new List<ResponseItem>();
        if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("reasoning_content", out var reasoning) && reasoning.ValueKind == JsonValueKind.String
            && reasoning.GetString() is { Length: > 0 } thought)
        {
            output.Add(ResponseItem.Reasoning(ResponseJson.NewId("rs_"), thought));
        }

        if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            output.Add(new ResponseItem(ResponseJson.NewId("msg_"), text));
        }

        if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
                var callId = call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : ResponseJson.NewId("call_");
                output.Add(new ResponseItem(ResponseJson.NewId("fc_"), null, callId,
                    function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : "",
                    function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.String ? args.GetString() : "{}"));
            }
        }

        var finish = choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
        var (status, incomplete) = ResponseJson.StatusOf(finish);
        var usage = TokenUsage.TryRead(upstreamBody, out _);
        var buffer = new ArrayBufferWriter<byte>(upstreamBody.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ResponseJson.WriteResponse(writer, ResponseJson.NewId("resp_"), createdAt, clientModel, status, output, usage, incomplete);
        }

        return new BodyTranslation.Translated(buffer.WrittenSpan.ToArray(), usage);
    }
}
