using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>
/// The pinned tools the chart tests run: the Helm CLI and the Node.js checks with their npm
/// packages, installed by <c>scripts/helm-tools.sh</c> (<c>ensure_helm_tools</c>), which exports
/// RC_HELM_TOOLS. Without it every test fails with the command to run; none passes silently.
/// </summary>
public static class HelmTools
{
    public const string Variable = "RC_HELM_TOOLS";

    private static readonly Lazy<string> ToolsDirectory = new(Find);

    /// <summary>The folder that holds <c>node_modules</c> and <c>bin/helm</c>.</summary>
    public static string Directory => ToolsDirectory.Value;

    public static string HelmBinary => Path.Combine(Directory, "bin", "helm");

    /// <summary>A Node.js check script of this folder (tests/RoutingCluster.Deploy.Tests/Helm/node).</summary>
    public static string NodeScript(string name) =>
        RepositoryRoot.Combine("tests", "RoutingCluster.Deploy.Tests", "Helm", "node", name);

    private static string Find()
    {
        var directory = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(directory))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: run `. scripts/helm-tools.sh && ensure_helm_tools` in the repository root first (it installs the pinned helm and npm packages into .tools/helm and exports {Variable}).");
        }

        if (!File.Exists(Path.Combine(directory, "bin", "helm")) || !System.IO.Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            throw new InvalidOperationException(
                $"{Variable}={directory} has no bin/helm or node_modules: run `. scripts/helm-tools.sh && ensure_helm_tools` again.");
        }

        return directory;
    }
}
