using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Every process the harness starts (gateway nodes, wrk) is registered here until it is disposed, so
/// that none outlives the harness: on Ctrl-C, on SIGTERM and at exit they are all killed, whatever
/// state the run was in. Clean-ups registered with <see cref="OnSignal"/> (throwaway databases, the
/// temp directory) run after the kill when a signal cuts the run short (bounded: 10 s in all).
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly ConcurrentDictionary<object, Func<Task>> CleanUps = new();

    private static readonly List<PosixSignalRegistration> Signals = [];

    /// <summary>
    /// On SIGINT (Ctrl-C), SIGTERM or SIGQUIT: kill every child, then exit at once with 128 + the signal
    /// (a console app without a host does not reliably stop on SIGTERM by itself); at a normal exit too.
    /// </summary>
    public static void KillAllOnExit()
    {
        foreach (var (signal, code) in (ReadOnlySpan<(PosixSignal, int)>)[(PosixSignal.SIGINT, 130), (PosixSignal.SIGTERM, 143), (PosixSignal.SIGQUIT, 131)])
        {
            Signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine($"{context.Signal}: stopping the gateway and wrk processes.");
                KillAll();
                try
                {
                    Task.WhenAll(CleanUps.Values.Select(c => c())).Wait(TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is AggregateException or IOException or Npgsql.NpgsqlException)
                {
                    // Best effort: the run is being stopped anyway.
                }

                Environment.Exit(code);
            }));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Track(Process process) => Running[process.Id] = process;

    /// <summary>Registers <paramref name="cleanUp"/> to run if a signal stops the run; dispose the result when done normally.</summary>
    public static IDisposable OnSignal(Func<Task> cleanUp)
    {
        var key = new object();
        CleanUps[key] = cleanUp;
        return new Registration(() => CleanUps.TryRemove(key, out _));
    }

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

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
