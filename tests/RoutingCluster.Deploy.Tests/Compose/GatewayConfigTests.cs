using System.Text.Json.Nodes;
using Xunit;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>
/// deploy/compose/gateway.yaml and the secrets it needs: every secret is a reference (env:NAME or
/// file:PATH) that compose provides, and no real secret file can be committed.
/// </summary>
public sealed class GatewayConfigTests
{
    private const string SecretsMount = "/run/secrets/";

    private static readonly string ConfigFile = RepositoryRoot.Combine("deploy", "compose", "gateway.yaml");

    private static readonly Lazy<ComposeModel> Compose = new(ComposeModel.Repository);

    private readonly JsonNode config = YamlReader.Load(ConfigFile);

    [Fact]
    public void Every_secret_in_the_config_is_a_reference()
    {
        var secrets = SecretFields().ToList();

        Assert.Contains(secrets, s => s.Field == "store.connectionString");
        Assert.Contains(secrets, s => s.Field.StartsWith("credentials[", StringComparison.Ordinal));
        Assert.Contains(secrets, s => s.Field.StartsWith("tenants[", StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.True(
            s.Value.StartsWith("env:", StringComparison.Ordinal) || s.Value.StartsWith("file:", StringComparison.Ordinal),
            $"{s.Field} holds a value instead of an env:NAME or file:PATH reference"));
    }

    [Fact]
    public void Cluster_runs_on_postgres_with_a_silo_listening_on_every_interface()
    {
        var cluster = config["cluster"]!;

        Assert.Equal("postgres", (string?)config["store"]?["kind"]);
        Assert.Equal("0.0.0.0", (string?)cluster["listenAddress"]);
        var siloPort = ((int?)cluster["siloPort"] ?? 11111).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(siloPort, DockerfileModel.Arguments(DockerfileModel.Load().FinalStage, "EXPOSE").SelectMany(e => e.Split(' ')));
        // One file for every node: what tells them apart comes from each node's command line.
        Assert.Null(cluster["nodeId"]);
        Assert.Null(cluster["advertisedAddress"]);
    }

    [Fact]
    public void Every_referenced_secret_file_is_a_compose_secret_given_to_every_gateway()
    {
        var compose = Compose.Value;
        var files = SecretFields().Where(s => s.Value.StartsWith("file:", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(files);
        foreach (var (field, value) in files)
        {
            var path = value["file:".Length..].Trim();
            Assert.True(path.StartsWith(SecretsMount, StringComparison.Ordinal), $"{field}: {path} is not a compose secret ({SecretsMount}NAME)");
            var name = path[SecretsMount.Length..];
            Assert.Equal(
                RepositoryRoot.Combine("deploy", "compose", "secrets", name),
                (string?)compose.Root["secrets"]?[name]?["file"]);
            Assert.All(ComposeModel.Gateways, g => Assert.True(compose.Secrets(g).Contains(name), $"{g} is not given the secret {name} ({field})"));
        }
    }

    [Fact]
    public void Every_referenced_environment_variable_is_set_on_every_gateway()
    {
        var compose = Compose.Value;
        var variables = SecretFields().Where(s => s.Value.StartsWith("env:", StringComparison.Ordinal)).Select(s => s.Value["env:".Length..].Trim());

        Assert.All(variables, v => Assert.All(ComposeModel.Gateways, g => Assert.True(compose.Environment(g).ContainsKey(v), $"{g} does not set {v}")));
    }

    [Fact]
    public void Every_compose_secret_has_an_example_and_the_real_file_is_ignored_by_git()
    {
        var secrets = Compose.Value.Root["secrets"]!.AsObject();

        Assert.NotEmpty(secrets);
        foreach (var (name, secret) in secrets)
        {
            var file = (string)secret!["file"]!;
            var example = file + ".example";
            Assert.Equal(RepositoryRoot.Combine("deploy", "compose", "secrets"), Path.GetDirectoryName(file));
            Assert.True(File.Exists(example) && File.ReadAllText(example).Trim().Length > 0, $"{name}: {example} is missing or empty");
            Assert.True(GitIgnores(file), $"{name}: git does not ignore {file}, so the real secret could be committed");
            Assert.False(GitIgnores(example), $"{name}: git ignores {example}");
        }
    }

    [Fact]
    public void Example_connection_string_points_at_the_compose_postgres()
    {
        var compose = Compose.Value;
        var postgres = compose.Environment("postgres");
        var example = File.ReadAllText(RepositoryRoot.Combine("deploy", "compose", "secrets", "gateway_postgres.example")).Trim();
        var parts = example.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);

        Assert.Equal("postgres", parts["Host"]);
        Assert.Contains("postgres", compose.ServiceNames);
        Assert.Equal(postgres["POSTGRES_USER"], parts["Username"]);
        Assert.Equal(postgres["POSTGRES_DB"], parts["Database"]);
    }

    /// <summary>Every config field that holds a secret, with its value.</summary>
    private IEnumerable<(string Field, string Value)> SecretFields()
    {
        if ((string?)config["store"]?["connectionString"] is { } connection)
        {
            yield return ("store.connectionString", connection);
        }

        var credentials = config["credentials"]?.AsArray() ?? [];
        for (var i = 0; i < credentials.Count; i++)
        {
            if ((string?)credentials[i]?["apiKey"] is { } key)
            {
                yield return ($"credentials[{i}].apiKey", key);
            }
        }

        var tenants = config["tenants"]?.AsArray() ?? [];
        for (var i = 0; i < tenants.Count; i++)
        {
            var keys = tenants[i]?["keys"]?.AsArray() ?? [];
            for (var k = 0; k < keys.Count; k++)
            {
                if ((string?)keys[k]?["secret"] is { } key)
                {
                    yield return ($"tenants[{i}].keys[{k}].secret", key);
                }
            }
        }
    }

    private static bool GitIgnores(string path)
    {
        var run = ExternalTool.Run("git", ["-C", RepositoryRoot.Path, "check-ignore", "-q", "--no-index", path]);
        Assert.True(run.ExitCode is 0 or 1, "git check-ignore failed: " + run.Describe());
        return run.ExitCode == 0;
    }
}
