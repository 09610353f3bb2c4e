namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>How one run of an external tool ended.</summary>
public sealed record ToolRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Output => $"exit code {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";
}
