using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoutingCluster.Gateway.Wire;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AnthropicErrors.Envelope))]
internal sealed partial class AnthropicErrorJsonContext : JsonSerializerContext
{
    /// <summary>Leaves readable characters such as backticks unescaped in messages meant for people.</summary>
    public static AnthropicErrorJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
