using System.Diagnostics;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>Runs helm and the Node.js checks with the tools' environment, bounded in time.</summary>
public static class ToolProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    // helm gets homes of its own (no user plugins, repositories or kube config are read) and a kube
    // config that does not exist: `helm template` and `helm lint` never reach a cluster.
    private static readonly string HelmHome = Path.Combine(Path.GetTempPath(), "routingcluster-helm-home");

    public static Task<ToolRun> HelmAsync(params string[] args) => RunAsync(HelmTools.HelmBinary, args, null);

    /// <summary>Runs a script of <see cref="HelmTools.NodeScript"/> with <paramref name="stdin"/> as its input.</summary>
    public static Task<ToolRun> NodeAsync(string script, string? stdin, params string[] args) =>
        RunAsync("node", [HelmTools.NodeScript(script), .. args], stdin);

    private static async Task<ToolRun> RunAsync(string file, IReadOnlyList<string> args, string? stdin)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[HelmTools.Variable] = HelmTools.Directory;
        info.Environment["HELM_CACHE_HOME"] = Path.Combine(HelmHome, "cache");
        info.Environment["HELM_CONFIG_HOME"] = Path.Combine(HelmHome, "config");
        info.Environment["HELM_DATA_HOME"] = Path.Combine(HelmHome, "data");
        info.Environment["KUBECONFIG"] = Path.Combine(HelmHome, "no-kube-config");

        var command = $"{Path.GetFileName(file)} {string.Join(' ', args)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {Timeout}");
        }

        return new ToolRun(command, process.ExitCode, await stdout, await stderr);
    }
}
