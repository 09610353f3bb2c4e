using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Turns an OpenAI chat-completions request into an Anthropic Messages request. Fields with an
/// Anthropic equivalent are carried over; fields that only tune sampling or storage (seed,
/// penalties, logit_bias, stream_options, store, metadata, ...) are dropped; fields whose loss
/// would change what the client gets back (n &gt; 1, logprobs, audio, structured output, legacy
/// functions) are refused: the result is <see cref="RequestTranslation.Untranslatable"/>.
/// </summary>
/// <remarks>
/// <c>temperature</c> is clamped to Anthropic's 0..1, not scaled, so the common 0.2 or 0.7 keep their meaning.
/// <c>reasoning_effort</c> low/medium/high (and xhigh, as high) enables thinking with a budget of 2048/8192/24576 tokens
/// (minimal/none: no thinking); when max_tokens does not exceed the budget it becomes budget + max_tokens so
/// the answer keeps the room the client asked for. Thinking stays off where Anthropic would reject it: with a
/// forced tool choice, or when the last assistant turn called tools (its thinking blocks, which Anthropic wants
/// back, cannot survive the OpenAI format). With thinking on, temperature and top_p are dropped (Anthropic only
/// accepts their defaults then). Whitespace-only stop sequences, which Anthropic rejects, are dropped.
/// </remarks>
public static class OpenAiRequestTranslator
{
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false };

    public static RequestTranslation ToAnthropic(ReadOnlySpan<byte> openAiBody, string upstreamModel, int defaultMaxTokens)
    {
        try
        {
            return new RequestTranslation.Translated(Write(openAiBody, upstreamModel, defaultMaxTokens));
        }
        catch (UntranslatableRequestException ex)
        {
            return new RequestTranslation.Untranslatable(ex.Message);
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString on a string escaping half a surrogate pair, or a value of another kind than read.
            return new RequestTranslation.Untranslatable(UntranslatableRequestException.NotUnicodeOrMistyped);
        }
    }

    private static byte[] Write(ReadOnlySpan<byte> openAiBody, string upstreamModel, int defaultMaxTokens)
    {
        var request = Parse(openAiBody);
        UnsupportedFields.Reject(request);

        var (system, messages) = OpenAiMessageTranslator.Translate(
            RequestJson.OptionalArray(request, "messages", "") ?? throw RequestJson.Invalid("messages", "an array"));
        var result = new JsonObject { ["model"] = upstreamModel };
        var maxTokens = RequestJson.OptionalInteger(request, "max_completion_tokens") ?? RequestJson.OptionalInteger(request, "max_tokens") ?? defaultMaxTokens;
        result["max_tokens"] = maxTokens;
        if (system is not null)
        {
            result["system"] = system;
        }

        result["messages"] = messages;
        var tools = RequestJson.OptionalArray(request, "tools", "") is { Count: > 0 } openAiTools ? OpenAiToolTranslator.Tools(openAiTools) : null;
        var toolChoice = tools is null ? null : OpenAiToolTranslator.ToolChoice(RequestJson.Member(request, "tool_choice"), RequestJson.OptionalBool(request, "parallel_tool_calls"));
        if (tools is not null)
        {
            result["tools"] = tools;
        }

        if (toolChoice is not null)
        {
            result["tool_choice"] = toolChoice;
        }

        var budget = ThinkingBudget(RequestJson.OptionalString(request, "reasoning_effort", ""));
        var forcedTool = toolChoice?["type"]?.GetValue<string>() is "any" or "tool";
        if (budget is { } budgetTokens && !forcedTool && !LastAssistantTurnCalledTools(messages))
        {
            result["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = budgetTokens };
            result["max_tokens"] = maxTokens > budgetTokens ? maxTokens : budgetTokens + maxTokens;
        }
        else
        {
            CopySampling(request, result);
        }

        if (StopSequences(RequestJson.Member(request, "stop")) is { Count: > 0 } stops)
        {
            result["stop_sequences"] = stops;
        }

        if (RequestJson.OptionalBool(request, "stream") is { } stream)
        {
            result["stream"] = stream;
        }

        if (RequestJson.OptionalString(request, "user", "") is { Length: > 0 } user)
        {
            result["metadata"] = new JsonObject { ["user_id"] = user };
        }

        return Serialize(result);
    }

    private static JsonObject Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: ParseOptions) as JsonObject
                ?? throw new UntranslatableRequestException("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new UntranslatableRequestException($"The request body is not valid JSON: {e.Message}");
        }
    }

    private static void CopySampling(JsonObject request, JsonObject result)
    {
        if (RequestJson.OptionalNumber(request, "temperature") is { } temperature)
        {
            result["temperature"] = Math.Clamp(temperature, 0, 1);
        }

        if (RequestJson.OptionalNumber(request, "top_p") is { } topP)
        {
            result["top_p"] = topP;
        }
    }

    private static int? ThinkingBudget(string? effort) => effort switch
    {
        null or "none" or "minimal" => null,
        "low" => 2048,
        "medium" => 8192,
        "high" or "xhigh" => 24576,
        _ => throw new UntranslatableRequestException($"`reasoning_effort` is `{effort}`; expected none, minimal, low, medium, high or xhigh."),
    };

    private static bool LastAssistantTurnCalledTools(JsonArray messages) =>
        messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "assistant")?["content"] is JsonArray blocks
        && blocks.Any(b => b?["type"]?.GetValue<string>() == "tool_use");

    private static JsonArray? StopSequences(JsonNode? stop)
    {
        var values = stop switch
        {
            null => [],
            JsonValue value when value.TryGetValue<string>(out var single) => [single],
            JsonArray array => array.Select((s, i) => s is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw RequestJson.Invalid($"stop[{i}]", "a string")).ToList(),
            _ => throw RequestJson.Invalid("stop", "a string or an array of strings"),
        };
        return [.. values.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => (JsonNode)s)];
    }

    private static byte[] Serialize(JsonObject result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions))
        {
            result.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
