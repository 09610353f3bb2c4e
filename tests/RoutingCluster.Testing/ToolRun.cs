namespace RoutingCluster.Testing;

/// <summary>How a tool process ended: the command, its exit code and everything it wrote.</summary>
public sealed record ToolRun(string Command, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>What a failed assertion shows: the command, its exit code and output.</summary>
    public string Describe() => $"{Command} exited {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}{Environment.NewLine}stderr:{Environment.NewLine}{Stderr}";
}
