using System.Collections.Concurrent;
using System.Diagnostics;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Every process the harness starts (gateway nodes, wrk) is registered here until it is disposed, so
/// that none outlives the harness: on Ctrl-C, on SIGTERM and at exit they are all killed, whatever
/// state the run was in.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    public static void KillAllOnExit()
    {
        Console.CancelKeyPress += (_, _) => KillAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Track(Process process) => Running[process.Id] = process;

    public static void Untrack(Process process) => Running.TryRemove(process.Id, out _);

    /// <summary>Kills one process (and its children), bounded wait; never throws.</summary>
    public static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not reaped in time: nothing more can be done from here.
        }

        Untrack(process);
    }

    public static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }

        Running.Clear();
    }
}
