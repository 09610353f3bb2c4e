using System.Text.Json;
using RoutingCluster.Ledger;

namespace RoutingCluster.Storage.Postgres.Ledger;

/// <summary>How a <see cref="LedgerRecord"/> is written to the <c>record</c> jsonb column (the same shape the admin API answers).</summary>
internal static class LedgerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(LedgerRecord record) => JsonSerializer.Serialize(record, Options);

    public static LedgerRecord Deserialize(string json) =>
        JsonSerializer.Deserialize<LedgerRecord>(json, Options) ?? throw new JsonException("Ledger record was null.");
}
