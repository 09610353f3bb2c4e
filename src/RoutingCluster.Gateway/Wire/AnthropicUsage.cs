using System.Text.Json;
using RoutingCluster.Stats;

namespace RoutingCluster.Gateway.Wire;

/// <summary>
/// Reads Anthropic usage counts into <see cref="TokenUsage"/>, whose Input includes cached tokens
/// (input_tokens + cache_read_input_tokens + cache_creation_input_tokens). Usage is only looked for
/// where Anthropic puts it: the top-level <c>usage</c> of a message or message_delta event and
/// <c>message.usage</c> of a message_start event, never inside content.
/// </summary>
public static class AnthropicUsage
{
    /// <summary>The usage of a whole (non-streamed) Messages response, or null when it has none.</summary>
    public static TokenUsage? TryRead(ReadOnlySpan<byte> messageJson) => Accumulate(null, messageJson);

    /// <summary>
    /// The usage after one stream event: message_start sets every count (output is an initial
    /// value), message_delta replaces the counts it carries (output_tokens is cumulative). Other
    /// events, and JSON that does not parse, leave <paramref name="soFar"/> unchanged.
    /// </summary>
    public static TokenUsage? Accumulate(TokenUsage? soFar, ReadOnlySpan<byte> streamEventJson)
    {
        if (streamEventJson.IndexOf("\"usage\""u8) < 0)
        {
            return soFar;
        }

        try
        {
            var reader = new Utf8JsonReader(streamEventJson);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? ReadOwner(ref reader, soFar, atTop: true) : soFar;
        }
        catch (JsonException)
        {
            return soFar;
        }
    }

    /// <summary>Reads the members of an object positioned at its start, applying its <c>usage</c> (and, at the top, <c>message.usage</c>).</summary>
    private static TokenUsage? ReadOwner(ref Utf8JsonReader reader, TokenUsage? soFar, bool atTop)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("usage"u8);
            var isMessage = atTop && reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isUsage && reader.TokenType == JsonTokenType.StartObject)
            {
                soFar = ReadCounts(ref reader, soFar ?? default);
            }
            else if (isMessage && reader.TokenType == JsonTokenType.StartObject)
            {
                soFar = ReadOwner(ref reader, soFar, atTop: false);
            }
            else
            {
                reader.Skip();
            }
        }

        return soFar;
    }

    private static TokenUsage ReadCounts(ref Utf8JsonReader reader, TokenUsage soFar)
    {
        var input = Math.Max(0, soFar.Input - soFar.CacheRead - soFar.CacheWrite);
        var (output, cacheRead, cacheWrite) = (soFar.Output, soFar.CacheRead, soFar.CacheWrite);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader;
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
            {
                reader.Skip();
            }
            else if (property.ValueTextEquals("input_tokens"u8))
            {
                input = value;
            }
            else if (property.ValueTextEquals("output_tokens"u8))
            {
                output = value;
            }
            else if (property.ValueTextEquals("cache_read_input_tokens"u8))
            {
                cacheRead = value;
            }
            else if (property.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheWrite = value;
            }
        }

        // Saturating: absurd counts must not wrap into a small or negative input (TokenUsage.ClampedTo bounds them).
        return new TokenUsage(Saturating.Add(Saturating.Add(input, cacheRead), cacheWrite), output, cacheRead, cacheWrite);
    }
}
