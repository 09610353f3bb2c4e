using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Reads an OpenAI <c>usage</c> object (cached tokens included) and writes it Anthropic-style, where
/// <c>input_tokens</c> counts only the uncached input and cache reads are reported beside it.
/// </summary>
internal static class OpenAiUsage
{
    /// <summary>The top-level <c>usage</c> of a response or chunk, or null when absent or null.</summary>
    public static TokenUsage? Read(JsonElement root)
    {
        if (Json.Property(root, "usage") is not { ValueKind: JsonValueKind.Object } usage)
        {
            return null;
        }

        var input = Count(usage, "prompt_tokens");
        var cached = Json.Property(usage, "prompt_tokens_details") is { ValueKind: JsonValueKind.Object } details ? Count(details, "cached_tokens") : 0;
        return new TokenUsage(input, Count(usage, "completion_tokens"), CacheRead: Math.Min(cached, input));
    }

    /// <summary>Writes the fields of an Anthropic usage object (the caller opens and closes it).</summary>
    public static void WriteAnthropicFields(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteNumber("input_tokens", usage.Input - usage.CacheRead - usage.CacheWrite);
        writer.WriteNumber("cache_creation_input_tokens", usage.CacheWrite);
        writer.WriteNumber("cache_read_input_tokens", usage.CacheRead);
        writer.WriteNumber("output_tokens", usage.Output);
    }

    private static long Count(JsonElement obj, string name) =>
        Json.Property(obj, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var count) && count >= 0 ? count : 0;
}
