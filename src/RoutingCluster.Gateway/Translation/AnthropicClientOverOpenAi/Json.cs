using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>Typed property reads that turn a wrong shape into a <see cref="UntranslatableRequestException"/> naming the path.</summary>
internal static class Json
{
    /// <summary>The property, or null when it is absent or JSON null.</summary>
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The string property, or null when absent; a value of another type is an error.</summary>
    public static string? String(JsonElement obj, string name, string path)
    {
        if (Property(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new UntranslatableRequestException($"`{path}.{name}` must be a string, not {Kind(value)}.");
    }

    public static string RequiredString(JsonElement obj, string name, string path) =>
        String(obj, name, path) ?? throw new UntranslatableRequestException($"`{path}.{name}` is required.");

    public static JsonElement RequiredObject(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? value : throw new UntranslatableRequestException($"`{path}` must be an object, not {Kind(value)}.");

    public static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();
}
