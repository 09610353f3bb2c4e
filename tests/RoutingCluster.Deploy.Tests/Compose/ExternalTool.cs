using Xunit;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>
/// The validation tools the deployment tests run, found through the variables that
/// <c>scripts/compose-tools.sh</c> (<c>ensure_compose_tools</c>) and <c>scripts/prometheus.sh</c>
/// (<c>ensure_prometheus</c>) export. A test whose tool is missing fails and says how to install it:
/// it never passes without having run the tool.
/// </summary>
public static class ExternalTool
{
    public const string ComposeVariable = "RC_COMPOSE";

    public const string DclintVariable = "RC_DCLINT";

    public const string NodeVariable = "RC_NODE";

    public const string PromtoolVariable = "RC_PROMTOOL";

    private const string ComposeTools = ". scripts/compose-tools.sh && ensure_compose_tools";

    private const string PrometheusTools = ". scripts/prometheus.sh && ensure_prometheus";

    /// <summary>docker-compose (the Debian package).</summary>
    public static string Compose => Required(ComposeVariable, ComposeTools);

    /// <summary>dclint, pinned, under .tools/compose/node_modules.</summary>
    public static string Dclint => Required(DclintVariable, ComposeTools);

    /// <summary>node, which runs dclint and the YAML reader.</summary>
    public static string Node => Required(NodeVariable, ComposeTools);

    /// <summary>The node_modules folder dclint and the pinned npm package <c>yaml</c> were installed into.</summary>
    public static string NodeModules => Path.GetDirectoryName(Path.GetDirectoryName(Dclint))!;

    /// <summary>promtool (the Debian package prometheus).</summary>
    public static string Promtool => Required(PromtoolVariable, PrometheusTools);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (no shell) and waits for it to
    /// end. The tools are given their files explicitly: nothing from the caller's shell may choose others.
    /// </summary>
    public static ToolRun Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, string? standardInput = null) =>
        ToolProcess.RunAsync(fileName, arguments, standardInput, workingDirectory, new Dictionary<string, string?>
        {
            ["COMPOSE_FILE"] = null,
            ["COMPOSE_PROJECT_NAME"] = null,
            ["COMPOSE_PATH_SEPARATOR"] = null,
            ["NO_COLOR"] = "1",
        }).GetAwaiter().GetResult();

    private static string Required(string variable, string install)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            Assert.Fail($"{variable} is not set. Install the deployment validation tools and export their paths first: {install}");
        }

        if (!File.Exists(path))
        {
            Assert.Fail($"{variable}={path} does not exist. Run again: {install}");
        }

        return path;
    }
}
