using System.Text.Json;

namespace RoutingCluster.Gateway.Wire;

/// <summary>Reads usage in OpenAI's Responses format: a <c>response</c>'s <c>usage</c>, or the response inside a stream event (<c>response.completed</c>).</summary>
public static class ResponsesUsage
{
    public static TokenUsage? Of(JsonElement response) =>
        response.ValueKind == JsonValueKind.Object && response.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new TokenUsage(
                Number(usage, "input_tokens"),
                Number(usage, "output_tokens"),
                usage.TryGetProperty("input_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object ? Number(details, "cached_tokens") : 0)
            : null;

    /// <summary>The usage of a whole body or of a stream event's <c>response</c>, or null when it carries none or is not JSON.</summary>
    public static TokenUsage? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("response", out var response) ? Of(response) : Of(root);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long Number(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
}
