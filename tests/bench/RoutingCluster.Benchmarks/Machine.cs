using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace RoutingCluster.Benchmarks;

/// <summary>What the run ran on, for both reports.</summary>
public static class Machine
{
    public static int Cores => Environment.ProcessorCount;

    public static string Runtime => $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC";

    public static string Os => RuntimeInformation.OSDescription;

    public static string GatewayVersion =>
        typeof(Gateway.Hosting.GatewayApp).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static string CpuModel => ProcLine("/proc/cpuinfo", "model name") ?? "model unknown";

    /// <summary>Total memory in MB, from /proc/meminfo; NaN when unknown.</summary>
    public static double MemoryMb =>
        ProcLine("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var value) ? value / 1024.0 : double.NaN;

    private static string? ProcLine(string path, string field)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? null : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
