using System.Diagnostics;
using System.Globalization;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// What the kernel accounts to one process, read from <c>/proc/PID/stat</c> and <c>/proc/PID/status</c>:
/// CPU time (user + system, whole process, every thread) and resident memory. Read from outside, so a
/// gateway process is measured the same way whatever runs inside it.
/// </summary>
public static class ProcStat
{
    private static readonly Lazy<double> TicksPerSecond = new(ReadClockTicks);

    /// <summary>The name the .NET runtime gives its background JIT thread (cut to 15 characters by the kernel).</summary>
    public const string TieringThreadName = ".NET Tiered Com";

    /// <summary>utime + stime of <paramref name="pid"/>; null once the process is gone.</summary>
    public static TimeSpan? Cpu(int pid) => CpuOf($"/proc/{pid}/stat");

    /// <summary>
    /// utime + stime of the runtime's tiered-compilation thread of <paramref name="pid"/>: the JIT
    /// recompiling hot methods optimized in the background (a fresh process keeps doing it for tens
    /// of seconds under load). The first compilation of a method runs on the thread calling it and is
    /// not counted here. Zero when the process is gone or has no such thread.
    /// </summary>
    public static TimeSpan TieringCpu(int pid)
    {
        var total = TimeSpan.Zero;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (CommOf(task) == TieringThreadName && CpuOf(Path.Combine(task, "stat")) is { } cpu)
                {
                    total += cpu;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process is gone.
        }

        return total;
    }

    private static string? CommOf(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TimeSpan? CpuOf(string statPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(statPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        // Field 3 (state) is the first one there; utime and stime are fields 14 and 15.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond.Value);
    }

    /// <summary>A <c>kB</c> field of <c>/proc/PID/status</c> (<c>VmRSS</c>, <c>VmHWM</c>); null when unreadable.</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The kernel's clock tick (USER_HZ): 100 on every common Linux build; asked of getconf when it is there.</summary>
    private static double ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is not null && getconf.WaitForExit(5000)
                && double.TryParse(getconf.StandardOutput.ReadToEnd().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var hz) && hz > 0)
            {
                return hz;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No getconf: fall back to the usual value.
        }

        return 100;
    }
}
