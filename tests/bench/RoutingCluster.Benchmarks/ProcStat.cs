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

    /// <summary>utime + stime of <paramref name="pid"/>; null once the process is gone.</summary>
    public static TimeSpan? Cpu(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
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
