using System.Diagnostics;

namespace RoutingCluster.AppHost;

/// <summary>Whether a container runtime answers on this machine: <c>docker info</c> (or the runtime named by
/// <c>ASPIRE_CONTAINER_RUNTIME</c>, else <c>podman info</c>) exits 0 within a few seconds.</summary>
public static class ContainerRuntime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The runtime that answered, or null when none did.</summary>
    public static string? Detect(string? preferred)
    {
        string[] candidates = string.IsNullOrWhiteSpace(preferred) ? ["docker", "podman"] : [preferred.Trim()];
        return candidates.FirstOrDefault(Answers);
    }

    private static bool Answers(string runtime)
    {
        var info = new ProcessStartInfo(runtime)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("info");
        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            // Drained so a chatty `info` cannot block on a full pipe.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not installed.
            return false;
        }
    }
}
