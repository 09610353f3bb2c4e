using System.Text.Json.Nodes;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>A volume or bind mount of a service, from either syntax Compose prints.</summary>
/// <param name="Source">A host path or a named volume; empty for an anonymous volume.</param>
public sealed record ComposeMount(string Source, string Target, bool ReadOnly)
{
    /// <summary>The short syntax (<c>SOURCE:TARGET[:MODE]</c>, Compose 1) or the long one (Compose 2).</summary>
    public static ComposeMount Parse(JsonNode entry)
    {
        if (entry is JsonObject mount)
        {
            return new ComposeMount(
                (string?)mount["source"] ?? "",
                (string?)mount["target"] ?? throw new FormatException($"A mount without a target: {entry.ToJsonString()}"),
                mount["read_only"]?.GetValue<bool>() ?? false);
        }

        var parts = entry.GetValue<string>().Split(':');
        return parts.Length switch
        {
            1 => new ComposeMount("", parts[0], false),
            2 => new ComposeMount(parts[0], parts[1], false),
            3 => new ComposeMount(parts[0], parts[1], parts[2].Split(',').Contains("ro")),
            _ => throw new FormatException($"Not a mount: {entry.ToJsonString()}"),
        };
    }
}
