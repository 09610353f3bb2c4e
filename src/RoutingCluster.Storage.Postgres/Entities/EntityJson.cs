using System.Text.Json;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>How entity states are written to the <c>state</c> jsonb column.</summary>
internal static class EntityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<TState>(TState state) => JsonSerializer.Serialize(state, Options);

    public static TState Deserialize<TState>(string json) =>
        JsonSerializer.Deserialize<TState>(json, Options) ?? throw new JsonException($"Entity state {typeof(TState).Name} was null.");
}
