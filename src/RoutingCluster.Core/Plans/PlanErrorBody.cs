using System.Text.Json;

namespace RoutingCluster.Plans;

/// <summary>
/// Reads a plan's refusal from an error body: <c>{"error": {"type" or "code": "usage_limit_reached",
/// "resets_at": epoch seconds, "resets_in_seconds": n}}</c> (the Codex plans' 429); a
/// <c>resets_at</c> already past gives way to <c>resets_in_seconds</c>. Anything else,
/// malformed JSON included, is "not a plan refusal".
/// </summary>
public static class PlanErrorBody
{
    public const string UsageLimitReached = "usage_limit_reached";

    /// <returns>Null when the body is not a plan refusal; else the refusal, with its reset when the body gave a sane one.</returns>
    public static PlanObservation? Read(ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (body.IsEmpty || body.Length > 64 * 1024)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object
                || !(Is(error, "type") || Is(error, "code")))
            {
                return null;
            }

            DateTimeOffset? reset = null;
            if (Seconds(error, "resets_at") is { } at && at >= 0 && DateTimeOffset.UnixEpoch.AddSeconds(at) is var when && when > now && when - now <= PlanHeaders.LongestReset)
            {
                reset = when;
            }
            else if (Seconds(error, "resets_in_seconds") is { } after && after >= 0 && after <= PlanHeaders.LongestReset.TotalSeconds)
            {
                reset = now.AddSeconds(after);
            }

            return new PlanObservation([], Status: "rejected", ResetAt: reset, LimitReached: true);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Is(JsonElement error, string property) =>
        error.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.ValueEquals(UsageLimitReached);

    private static double? Seconds(JsonElement error, string property) =>
        error.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            && double.IsFinite(seconds) && seconds < 253_402_300_799
            ? seconds
            : null;
}
