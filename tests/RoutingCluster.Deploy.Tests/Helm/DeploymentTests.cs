using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>The gateway Deployment as helm renders it from the chart's defaults (ci/default-values.yaml).</summary>
public sealed class DeploymentTests
{
    private const string Defaults = "default-values.yaml";

    [Fact]
    public async Task Three_replicas_are_replaced_one_at_a_time()
    {
        var deployment = (await RenderedChart.ForAsync(Defaults)).Single("Deployment");

        Assert.Equal(3, deployment.Number("spec.replicas"));
        Assert.Equal("RollingUpdate", deployment.Text("spec.strategy.type"));
        Assert.Equal(1, deployment.Number("spec.strategy.rollingUpdate.maxSurge"));
        Assert.Equal(0, deployment.Number("spec.strategy.rollingUpdate.maxUnavailable"));
    }

    [Fact]
    public async Task The_pod_name_ip_and_namespace_come_from_the_downward_API()
    {
        var container = (await RenderedChart.ForAsync(Defaults)).GatewayContainer();

        var fieldRefs = container.Items("env")
            .Where(e => e.Find("valueFrom.fieldRef") is not null)
            .ToDictionary(e => e.Text("name"), e => e.Text("valueFrom.fieldRef.fieldPath"), StringComparer.Ordinal);
        Assert.Equal(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["POD_NAME"] = "metadata.name", ["POD_IP"] = "status.podIP", ["POD_NAMESPACE"] = "metadata.namespace" },
            fieldRefs);
    }

    [Fact]
    public async Task The_gateway_starts_with_the_mounted_config_on_port_8787_and_the_silo_port()
    {
        var chart = await RenderedChart.ForAsync(Defaults);
        var container = chart.GatewayContainer();

        Assert.Equal(new[] { "dotnet", "/app/RoutingCluster.Gateway.dll" }, container.Items("command").Select(c => c.GetString()));
        Assert.Equal(
            new[] { "--config", "/etc/routingcluster/gateway.yaml", "--urls", "http://0.0.0.0:8787", "--silo-port", "11111" },
            container.Items("args").Select(a => a.GetString()));
        var mount = container.Items("volumeMounts").Single(m => m.Text("mountPath") == "/etc/routingcluster");
        Assert.True(mount.At("readOnly").GetBoolean());
        Assert.Null(mount.Find("subPath"));
        var volume = chart.Single("Deployment").Items("spec.template.spec.volumes").Single(v => v.Text("name") == mount.Text("name"));
        Assert.Equal(chart.Single("ConfigMap").Text("metadata.name"), volume.Text("configMap.name"));
        Assert.Contains("rc-routingcluster-config/gateway.yaml", chart.ConfigFiles.Keys);
    }

    [Fact]
    public async Task Http_and_silo_are_named_container_ports()
    {
        var container = (await RenderedChart.ForAsync(Defaults)).GatewayContainer();

        var ports = container.Items("ports").ToDictionary(p => p.Text("name"), p => p.Number("containerPort"), StringComparer.Ordinal);
        Assert.Equal(new Dictionary<string, int>(StringComparer.Ordinal) { ["http"] = 8787, ["silo"] = 11111 }, ports);
    }

    [Theory]
    [InlineData("startupProbe", "/health/live")]
    [InlineData("livenessProbe", "/health/live")]
    [InlineData("readinessProbe", "/health/ready")]
    public async Task Probes_ask_the_health_endpoints_on_the_http_port(string probe, string path)
    {
        var container = (await RenderedChart.ForAsync(Defaults)).GatewayContainer();

        Assert.Equal(path, container.Text($"{probe}.httpGet.path"));
        Assert.Equal("http", container.Text($"{probe}.httpGet.port"));
        Assert.True(container.Number($"{probe}.failureThreshold") >= 1);
    }

    [Fact]
    public async Task The_container_runs_as_user_10001_read_only_without_privileges_and_writes_only_to_an_emptyDir_tmp()
    {
        var chart = await RenderedChart.ForAsync(Defaults);
        var container = chart.GatewayContainer();
        var pod = chart.Single("Deployment").At("spec.template.spec");

        Assert.True(container.At("securityContext.runAsNonRoot").GetBoolean());
        Assert.Equal(10001, container.Number("securityContext.runAsUser"));
        Assert.True(container.At("securityContext.readOnlyRootFilesystem").GetBoolean());
        Assert.False(container.At("securityContext.allowPrivilegeEscalation").GetBoolean());
        Assert.Equal(new[] { "ALL" }, container.Items("securityContext.capabilities.drop").Select(c => c.GetString()));
        Assert.True(pod.At("securityContext.runAsNonRoot").GetBoolean());
        Assert.False(pod.At("automountServiceAccountToken").GetBoolean());
        var tmp = container.Items("volumeMounts").Single(m => m.Text("mountPath") == "/tmp");
        Assert.Equal("64Mi", pod.Items("volumes").Single(v => v.Text("name") == tmp.Text("name")).Text("emptyDir.sizeLimit"));
    }

    [Fact]
    public async Task Resources_have_requests_and_limits()
    {
        var container = (await RenderedChart.ForAsync(Defaults)).GatewayContainer();

        Assert.Equal("250m", container.Text("resources.requests.cpu"));
        Assert.Equal("256Mi", container.Text("resources.requests.memory"));
        Assert.Equal("1", container.Text("resources.limits.cpu"));
        Assert.Equal("512Mi", container.Text("resources.limits.memory"));
    }

    [Fact]
    public async Task Pods_prefer_to_spread_over_nodes()
    {
        var deployment = (await RenderedChart.ForAsync(Defaults)).Single("Deployment");

        var term = Assert.Single(deployment.Items("spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"));
        Assert.Null(deployment.Find("spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"));
        Assert.Equal(100, term.Number("weight"));
        Assert.Equal("kubernetes.io/hostname", term.Text("podAffinityTerm.topologyKey"));
        Assert.Equal(deployment.Strings("spec.selector.matchLabels"), term.Strings("podAffinityTerm.labelSelector.matchLabels"));
    }

    [Fact]
    public async Task The_selector_picks_the_pod_template()
    {
        var deployment = (await RenderedChart.ForAsync(Defaults)).Single("Deployment");

        var podLabels = deployment.Strings("spec.template.metadata.labels");
        Assert.All(deployment.Strings("spec.selector.matchLabels"), label => Assert.Equal(label.Value, podLabels[label.Key]));
    }

    [Fact]
    public async Task Placement_and_image_values_reach_the_pod()
    {
        var chart = await RenderedChart.ForAsync("hosted-values.yaml");
        var deployment = chart.Single("Deployment");
        var pod = deployment.At("spec.template.spec");

        Assert.Equal("llm-gateway", deployment.Text("metadata.name"));
        Assert.Equal(4, deployment.Number("spec.replicas"));
        Assert.Equal("registry.example.com/routingcluster/gateway:0.1.0", chart.GatewayContainer().Text("image"));
        Assert.Equal("Always", chart.GatewayContainer().Text("imagePullPolicy"));
        Assert.Equal("registry-credentials", pod.Text("imagePullSecrets[0].name"));
        Assert.Equal("llm-gateway", pod.Text("serviceAccountName"));
        Assert.Empty(chart.OfKind("ServiceAccount"));
        Assert.Equal("linux", pod.Strings("nodeSelector")["kubernetes.io/os"]);
        Assert.Equal("dedicated", pod.Text("tolerations[0].key"));
        Assert.Equal("platform", deployment.Strings("spec.template.metadata.annotations")["example.com/team"]);
        Assert.Equal("llm", deployment.Strings("spec.template.metadata.labels")["example.com/cost-center"]);
    }
}
