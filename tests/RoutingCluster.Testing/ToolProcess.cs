using System.Diagnostics;

namespace RoutingCluster.Testing;

/// <summary>Runs an external tool (no shell), feeding it an optional input, bounded in time.</summary>
public static class ToolProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <param name="environment">Variables to set for the tool; a null value removes the variable.</param>
    public static async Task<ToolRun> RunAsync(
        string file, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot.Path,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var command = $"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)}";
        var limit = timeout ?? DefaultTimeout;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {limit}");
        }

        return new ToolRun(command, process.ExitCode, await stdout, await stderr);
    }
}
