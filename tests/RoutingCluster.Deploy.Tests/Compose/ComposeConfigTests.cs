using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Xunit;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>docker-compose.yml as Compose itself reads it (<c>docker-compose config</c>, no engine needed).</summary>
public sealed class ComposeConfigTests
{
    private const string Network = "routing";

    private static readonly Lazy<ComposeModel> Model = new(ComposeModel.Repository);

    [Fact]
    public void Config_accepts_the_compose_file()
    {
        var run = ExternalTool.Run(ExternalTool.Compose, ComposeModel.ConfigArguments(ComposeModel.ComposeFile, null, "-q"));

        Assert.True(run.ExitCode == 0, run.Describe());
    }

    [Fact]
    public void Config_has_the_three_gateways_postgres_prometheus_and_grafana()
    {
        var run = ExternalTool.Run(ExternalTool.Compose, ComposeModel.ConfigArguments(ComposeModel.ComposeFile, null, "--services"));
        Assert.True(run.ExitCode == 0, run.Describe());

        var services = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal);

        Assert.Equal(["grafana", "gw-1", "gw-2", "gw-3", "postgres", "prometheus"], services);
        Assert.Equal(services, Model.Value.ServiceNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Config_rejects_a_copy_whose_gateway_has_neither_image_nor_build()
    {
        using var temp = new TempDirectory();
        var control = temp.Write("control.json", SourceAsJson().ToJsonString());
        var brokenSource = SourceAsJson();
        var gateway = brokenSource["services"]!["gw-2"]!.AsObject();
        Assert.True(gateway.Remove("image") && gateway.Remove("build"), "gw-2 of docker-compose.yml has no image and build to remove");
        var broken = temp.Write("broken.json", brokenSource.ToJsonString());

        var accepted = ExternalTool.Run(ExternalTool.Compose, ComposeModel.ConfigArguments(control, RepositoryRoot.Path, "-q"));
        var rejected = ExternalTool.Run(ExternalTool.Compose, ComposeModel.ConfigArguments(broken, RepositoryRoot.Path, "-q"));

        Assert.True(accepted.ExitCode == 0, "The unmodified copy must pass for the broken one to mean anything: " + accepted.Describe());
        Assert.True(rejected.ExitCode != 0, "A gateway without image or build was accepted: " + rejected.Describe());
        Assert.Contains("gw-2", rejected.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_rejects_a_copy_whose_gateway_waits_for_an_undefined_service()
    {
        using var temp = new TempDirectory();
        var brokenSource = SourceAsJson();
        brokenSource["services"]!["gw-1"]!["depends_on"]!["no_such_service"] = new JsonObject { ["condition"] = "service_healthy" };
        var broken = temp.Write("broken.json", brokenSource.ToJsonString());

        var rejected = ExternalTool.Run(ExternalTool.Compose, ComposeModel.ConfigArguments(broken, RepositoryRoot.Path, "-q"));

        Assert.True(rejected.ExitCode != 0, "A gateway waiting for an undefined service was accepted: " + rejected.Describe());
        Assert.Contains("no_such_service", rejected.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateways_share_one_image_built_from_the_repository_Dockerfile()
    {
        var model = Model.Value;
        var images = ComposeModel.Gateways.Select(g => (string?)model.Service(g)["image"]).Distinct().ToList();

        Assert.Single(images);
        Assert.False(string.IsNullOrEmpty(images[0]));
        foreach (var gateway in ComposeModel.Gateways)
        {
            var build = model.Service(gateway)["build"];
            Assert.NotNull(build);
            Assert.Equal(RepositoryRoot.Path.TrimEnd('/'), ((string?)build["context"])?.TrimEnd('/'));
            Assert.Equal("Dockerfile", (string?)build["dockerfile"] ?? "Dockerfile");
        }
    }

    [Fact]
    public void Gateways_run_read_only_with_a_tmpfs_and_wait_for_a_healthy_postgres()
    {
        var model = Model.Value;
        foreach (var gateway in ComposeModel.Gateways)
        {
            var service = model.Service(gateway);
            Assert.True(service["read_only"]?.GetValue<bool>() == true, $"{gateway} is not read_only");
            Assert.Contains("/tmp", ComposeModel.Strings(service["tmpfs"]).Select(t => t.Split(':')[0]));
            Assert.Equal("service_healthy", (string?)service["depends_on"]?["postgres"]?["condition"]);
        }
    }

    [Fact]
    public void Gateways_check_their_readiness_with_the_probe_built_into_the_image()
    {
        var model = Model.Value;
        var dockerfile = DockerfileModel.Load();
        foreach (var gateway in ComposeModel.Gateways)
        {
            var test = ComposeModel.Strings(model.Service(gateway)["healthcheck"]?["test"]);

            Assert.True(test.Count >= 3 && test[0] == "CMD", $"{gateway}: healthcheck.test must be an exec form: {string.Join(' ', test)}");
            Assert.Equal("/health/ready", test[2]);
            Assert.Contains(test[1], DockerfileModel.CopyDestinations(dockerfile.FinalStage));
        }
    }

    [Fact]
    public void Each_gateway_advertises_its_own_fixed_address_on_the_compose_network()
    {
        var model = Model.Value;
        var subnet = Subnet(model, "subnet") ?? throw new InvalidOperationException($"The network {Network} has no fixed subnet.");
        var dynamicRange = Subnet(model, "ip_range");
        var addresses = new List<string>();
        foreach (var gateway in ComposeModel.Gateways)
        {
            var address = (string?)model.Service(gateway)["networks"]?[Network]?["ipv4_address"];
            Assert.False(string.IsNullOrEmpty(address), $"{gateway} has no ipv4_address on {Network}");
            var ip = IPAddress.Parse(address);

            Assert.Equal(address, model.Argument(gateway, "--advertise"));
            Assert.Equal(gateway, model.Argument(gateway, "--node-id"));
            Assert.True(subnet.Contains(ip), $"{gateway}: {address} is outside the subnet {subnet}");
            Assert.False(dynamicRange?.Contains(ip) ?? false, $"{gateway}: {address} lies in ip_range {dynamicRange}, where Docker hands out addresses to other containers");
            Assert.NotEqual(AddressFamily.InterNetworkV6, ip.AddressFamily);
            addresses.Add(address);
        }

        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }

    [Fact]
    public void Gateways_read_the_compose_gateway_config_mounted_read_only()
    {
        var model = Model.Value;
        var config = RepositoryRoot.Combine("deploy", "compose", "gateway.yaml");
        foreach (var gateway in ComposeModel.Gateways)
        {
            var path = model.Argument(gateway, "--config");
            var mount = Assert.Single(model.Mounts(gateway), m => m.Target == path);

            Assert.Equal(config, mount.Source);
            Assert.True(mount.ReadOnly, $"{gateway} mounts {path} writable");
        }
    }

    [Fact]
    public void Every_published_port_listens_on_loopback_only()
    {
        var model = Model.Value;
        var published = model.ServiceNames.SelectMany(s => model.Ports(s).Select(p => (Service: s, Port: p))).ToList();

        Assert.NotEmpty(published);
        Assert.All(published, p => Assert.True(p.Port.HostIp == "127.0.0.1", $"{p.Service} publishes {p.Port.Target} on '{p.Port.HostIp}' (empty: every interface)"));
        Assert.All(ComposeModel.Gateways, g => Assert.Contains(model.Ports(g), p => p.Target == 8787));
        Assert.Equal(published.Count, published.Select(p => p.Port.Published).Distinct().Count());
    }

    [Fact]
    public void Postgres_is_version_17_with_a_readiness_check_and_a_data_volume()
    {
        var model = Model.Value;
        var postgres = model.Service("postgres");

        Assert.StartsWith("postgres:17", (string?)postgres["image"], StringComparison.Ordinal);
        Assert.Contains("pg_isready", ComposeModel.Strings(postgres["healthcheck"]?["test"]));
        var data = Assert.Single(model.Mounts("postgres"), m => m.Target == "/var/lib/postgresql/data");
        Assert.Contains(data.Source, model.Root["volumes"]!.AsObject().Select(v => v.Key));
    }

    [Fact]
    public void Every_secret_file_variable_names_a_secret_granted_to_its_service()
    {
        var model = Model.Value;
        var checkedAny = false;
        foreach (var service in model.ServiceNames)
        {
            foreach (var (name, value) in model.Environment(service).Where(e => e.Key.EndsWith("_FILE", StringComparison.Ordinal)))
            {
                Assert.StartsWith("/run/secrets/", value, StringComparison.Ordinal);
                Assert.True(model.Secrets(service).Contains(value["/run/secrets/".Length..]), $"{service}: {name}={value} names a secret the service is not given");
                checkedAny = true;
            }
        }

        Assert.True(checkedAny, "No service reads a secret through a *_FILE variable (postgres and grafana should).");
    }

    private static JsonObject SourceAsJson() => YamlReader.Load(ComposeModel.ComposeFile).AsObject();

    private static IPNetwork? Subnet(ComposeModel model, string field)
    {
        var configs = model.Root["networks"]?[Network]?["ipam"]?["config"]?.AsArray();
        var value = configs?.Select(c => (string?)c?[field]).FirstOrDefault(v => v is not null);
        return value is null ? null : IPNetwork.Parse(value);
    }
}
