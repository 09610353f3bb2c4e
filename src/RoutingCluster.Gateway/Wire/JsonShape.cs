using System.Text.Json;

namespace RoutingCluster.Gateway.Wire;

/// <summary>Cheap checks of what an upstream sent before it is relayed as a success.</summary>
public static class JsonShape
{
    /// <summary>Whether <paramref name="json"/> is exactly one JSON object (whitespace around it allowed).</summary>
    public static bool IsOneObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
