using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoutingCluster.Gateway.FrontDoors.Anthropic;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TokenCount))]
internal sealed partial class AnthropicJsonContext : JsonSerializerContext
{
    /// <summary>Leaves readable characters such as backticks unescaped in messages meant for people.</summary>
    public static AnthropicJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
