using System.Buffers;
using System.Text.Json;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Turns an Anthropic Messages request into an OpenAI chat completions request. Fields OpenAI has no
/// meaning for (<c>top_k</c>, <c>cache_control</c>, <c>service_tier</c>, unknown ones) are dropped;
/// content whose meaning the upstream could not honour is refused with a <see cref="UntranslatableRequestException"/>
/// rather than silently lost.
/// </summary>
public static class AnthropicRequestTranslator
{
    /// <returns>The OpenAI request body, naming <paramref name="upstreamModel"/>; untranslatable when the body is
    /// malformed or holds content that cannot be translated.</returns>
    public static RequestTranslation ToOpenAi(ReadOnlySpan<byte> anthropicBody, string upstreamModel)
    {
        try
        {
            return new RequestTranslation.Translated(Write(anthropicBody, upstreamModel));
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

    private static byte[] Write(ReadOnlySpan<byte> anthropicBody, string upstreamModel)
    {
        using var document = Parse(anthropicBody);
        var request = document.RootElement;
        if (request.ValueKind != JsonValueKind.Object)
        {
            throw new UntranslatableRequestException("The request body must be a JSON object.");
        }

        var buffer = new ArrayBufferWriter<byte>(anthropicBody.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", upstreamModel);
            AnthropicMessageTranslator.WriteMessages(writer, request);
            WriteSampling(writer, request);
            AnthropicToolTranslator.WriteTools(writer, request);
            WriteStreaming(writer, request);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The OpenAI effort for extended or adaptive thinking: <c>output_config.effort</c> when the
    /// client names one (<c>max</c>, which OpenAI lacks, reads as <c>high</c>), else the budget's level
    /// (<see cref="EffortLevels.FromBudget"/>); adaptive thinking without either is <c>high</c>, Anthropic's default effort.
    /// </summary>
    private static string EffortOf(JsonElement request, JsonElement thinking)
    {
        if (request.TryGetProperty("output_config", out var output) && output.ValueKind == JsonValueKind.Object
            && output.TryGetProperty("effort", out var effort) && effort.ValueKind == JsonValueKind.String)
        {
            var named = effort.GetString();
            return named is "low" or "medium" or "high" or "max"
                ? EffortLevels.Normalize(named)!
                : throw new UntranslatableRequestException($"`output_config.effort` `{named}` is not low, medium, high or max.");
        }

        var adaptive = Json.String(thinking, "type", "thinking") == "adaptive";
        return thinking.TryGetProperty("budget_tokens", out var b) && b.TryGetInt64(out var budget) ? EffortLevels.FromBudget(budget)
            : adaptive ? "high"
            : EffortLevels.FromBudget(0);
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                throw new UntranslatableRequestException("The request body holds more than one JSON value.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new UntranslatableRequestException($"The request body is not valid JSON: {e.Message}");
        }
    }

    private static void WriteSampling(Utf8JsonWriter writer, JsonElement request)
    {
        CopyNumber(writer, request, "max_tokens", "max_tokens");
        CopyNumber(writer, request, "temperature", "temperature");
        CopyNumber(writer, request, "top_p", "top_p");

        if (request.TryGetProperty("stop_sequences", out var stops) && stops.ValueKind != JsonValueKind.Null)
        {
            if (stops.ValueKind != JsonValueKind.Array || stops.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
            {
                throw new UntranslatableRequestException("`stop_sequences` must be an array of strings.");
            }

            if (stops.GetArrayLength() > 0)
            {
                writer.WritePropertyName("stop");
                stops.WriteTo(writer);
            }
        }

        if (request.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("user_id", out var user) && user.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("user", user.GetString());
        }

        if (request.TryGetProperty("thinking", out var thinking) && thinking.ValueKind == JsonValueKind.Object
            && Json.String(thinking, "type", "thinking") is "enabled" or "adaptive")
        {
            writer.WriteString("reasoning_effort", EffortOf(request, thinking));
        }
    }

    private static void WriteStreaming(Utf8JsonWriter writer, JsonElement request)
    {
        if (!request.TryGetProperty("stream", out var stream) || stream.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (stream.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new UntranslatableRequestException("`stream` must be true or false.");
        }

        writer.WriteBoolean("stream", stream.GetBoolean());
        if (stream.GetBoolean())
        {
            // Without it OpenAI streams carry no usage at all.
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }
    }

    private static void CopyNumber(Utf8JsonWriter writer, JsonElement request, string from, string to)
    {
        if (!request.TryGetProperty(from, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new UntranslatableRequestException($"`{from}` must be a number, not {value.ValueKind.ToString().ToLowerInvariant()}.");
        }

        writer.WritePropertyName(to);
        value.WriteTo(writer);
    }
}
