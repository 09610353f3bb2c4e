using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoutingCluster.Gateway.Wire;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OpenAiErrors.ErrorEnvelope))]
internal sealed partial class OpenAiErrorJsonContext : JsonSerializerContext
{
    /// <summary>Leaves readable characters such as backticks unescaped in messages meant for people.</summary>
    public static OpenAiErrorJsonContext Relaxed { get; } = new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
