using System.Text.Json.Serialization;

namespace RoutingCluster.ServiceDefaults;

[JsonSerializable(typeof(HealthAnswer))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class HealthJson : JsonSerializerContext;
