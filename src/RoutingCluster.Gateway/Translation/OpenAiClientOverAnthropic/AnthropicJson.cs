using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>Tolerant reads of Anthropic response JSON: a missing or mistyped member reads as absent.</summary>
internal static class AnthropicJson
{
    public static string? StringOf(JsonElement owner, ReadOnlySpan<byte> name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool TryGetString(JsonElement owner, ReadOnlySpan<byte> name, out JsonElement value)
    {
        if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.String)
        {
            return true;
        }

        value = default;
        return false;
    }

    public static bool IsType(JsonElement owner, ReadOnlySpan<byte> type) =>
        TryGetString(owner, "type"u8, out var value) && value.ValueEquals(type);

    /// <summary>The parsed document when <paramref name="json"/> is a JSON object, else null.</summary>
    public static JsonDocument? ParseObject(ReadOnlyMemory<byte> json)
    {
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
