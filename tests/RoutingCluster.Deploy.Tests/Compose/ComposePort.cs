using System.Globalization;
using System.Text.Json.Nodes;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>A published port of a service, from either syntax Compose prints.</summary>
/// <param name="HostIp">The host address it is published on; empty for every interface.</param>
/// <param name="Published">The host port; empty for an ephemeral one.</param>
public sealed record ComposePort(string HostIp, string Published, int Target)
{
    /// <summary>The short syntax (<c>[[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]</c>, Compose 1) or the long one (Compose 2).</summary>
    public static ComposePort Parse(JsonNode entry)
    {
        if (entry is JsonObject port)
        {
            return new ComposePort(
                (string?)port["host_ip"] ?? "",
                port["published"]?.ToString() ?? "",
                int.Parse(port["target"]!.ToString(), CultureInfo.InvariantCulture));
        }

        var text = entry.ToString();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var parts = (slash < 0 ? text : text[..slash]).Split(':');
        var target = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        return parts.Length switch
        {
            1 => new ComposePort("", "", target),
            2 => new ComposePort("", parts[0], target),
            3 => new ComposePort(parts[0], parts[1], target),
            _ => throw new FormatException($"Not a port: {text}"),
        };
    }
}
