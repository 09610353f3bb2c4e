using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(AnthropicModelList))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext
{
    /// <summary>Leaves readable characters such as backticks unescaped in messages meant for people.</summary>
    public static OpenAiJsonContext Relaxed { get; } = new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
