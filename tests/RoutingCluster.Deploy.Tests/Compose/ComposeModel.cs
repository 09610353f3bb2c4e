using System.Text.Json.Nodes;
using Xunit;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>
/// A compose file as <c>docker-compose config</c> prints it (merged, with paths made absolute),
/// read back as JSON. Only fields that Compose 1.29 and Compose 2 both print are used.
/// </summary>
public sealed class ComposeModel(JsonObject root)
{
    /// <summary>The gateway nodes docker-compose.yml declares.</summary>
    public static IReadOnlyList<string> Gateways { get; } = ["gw-1", "gw-2", "gw-3"];

    public static string ComposeFile => RepositoryRoot.Combine("docker-compose.yml");

    public JsonObject Root { get; } = root;

    /// <summary>The repository's docker-compose.yml.</summary>
    public static ComposeModel Repository() => FromConfig(ComposeFile);

    /// <summary>Runs <c>config</c> on <paramref name="file"/> (relative paths resolved against <paramref name="projectDirectory"/>) and reads its output.</summary>
    public static ComposeModel FromConfig(string file, string? projectDirectory = null)
    {
        var run = ExternalTool.Run(ExternalTool.Compose, ConfigArguments(file, projectDirectory));
        Assert.True(run.ExitCode == 0, $"docker-compose config rejected {file}: {run.Describe()}");
        return new ComposeModel(YamlReader.Parse(run.Stdout, "docker-compose config output").AsObject());
    }

    public static string[] ConfigArguments(string file, string? projectDirectory, params string[] options) =>
        projectDirectory is null
            ? ["-f", file, "config", .. options]
            : ["-f", file, "--project-directory", projectDirectory, "config", .. options];

    public JsonObject Service(string name) =>
        Root["services"]?[name]?.AsObject() ?? throw new InvalidOperationException($"No service {name} in the compose config.");

    public IReadOnlyList<string> Command(string service) => Strings(Service(service)["command"]);

    /// <summary>The value following <paramref name="flag"/> on the service's command line.</summary>
    public string Argument(string service, string flag)
    {
        var command = Command(service);
        var index = command.ToList().IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < command.Count, $"{service} has no {flag} VALUE on its command line: {string.Join(' ', command)}");
        return command[index + 1];
    }

    public IReadOnlyList<ComposeMount> Mounts(string service) =>
        Service(service)["volumes"]?.AsArray().Select(entry => ComposeMount.Parse(entry!)).ToList() ?? [];

    public IReadOnlyList<ComposePort> Ports(string service) =>
        Service(service)["ports"]?.AsArray().Select(entry => ComposePort.Parse(entry!)).ToList() ?? [];

    /// <summary>Names of the secrets granted to the service (short or long syntax).</summary>
    public IReadOnlyList<string> Secrets(string service) =>
        Service(service)["secrets"]?.AsArray().Select(entry => entry is JsonObject secret ? (string)secret["source"]! : entry!.GetValue<string>()).ToList() ?? [];

    /// <summary>The service's environment as a map (Compose prints a map; a list of KEY=VALUE is read too).</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var environment = Service(service)["environment"];
        return environment switch
        {
            null => new Dictionary<string, string>(),
            JsonObject map => map.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? ""),
            JsonArray list => list.Select(item => item!.GetValue<string>().Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""),
            _ => throw new FormatException($"environment of {service}: {environment.ToJsonString()}"),
        };
    }

    public IReadOnlyList<string> ServiceNames => Root["services"]!.AsObject().Select(pair => pair.Key).ToList();

    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node switch
        {
            null => [],
            JsonArray array => array.Select(item => item!.ToString()).ToList(),
            _ => [node.ToString()],
        };
}
