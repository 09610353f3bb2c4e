using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>Runs helm and the Node.js checks with the tools' environment, bounded in time.</summary>
public static class HelmProcess
{
    // helm gets homes of its own (no user plugins, repositories or kube config are read) and a kube
    // config that does not exist: `helm template` and `helm lint` never reach a cluster.
    private static readonly string HelmHome = Path.Combine(Path.GetTempPath(), "routingcluster-helm-home");

    public static Task<ToolRun> HelmAsync(params string[] args) => RunAsync(HelmTools.HelmBinary, args, null);

    /// <summary>Runs a script of <see cref="HelmTools.NodeScript"/> with <paramref name="stdin"/> as its input.</summary>
    public static Task<ToolRun> NodeAsync(string script, string? stdin, params string[] args) =>
        RunAsync("node", [HelmTools.NodeScript(script), .. args], stdin);

    private static Task<ToolRun> RunAsync(string file, IReadOnlyList<string> args, string? stdin) =>
        ToolProcess.RunAsync(file, args, stdin, environment: new Dictionary<string, string?>
        {
            [HelmTools.Variable] = HelmTools.Directory,
            ["HELM_CACHE_HOME"] = Path.Combine(HelmHome, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(HelmHome, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(HelmHome, "data"),
            ["KUBECONFIG"] = Path.Combine(HelmHome, "no-kube-config"),
        });
}
