namespace RoutingCluster.Gateway.Cli;

/// <summary>What one admin call came to: the node's 2xx body, or the exit code of a failure already explained.</summary>
public abstract record AdminReply
{
    private AdminReply()
    {
    }

    /// <summary>The node answered 2xx with this body.</summary>
    public sealed record Answered(string Body) : AdminReply;

    /// <summary>Nothing usable came back; the reason is written. 1: unreachable or an error answer, 2: bad arguments.</summary>
    public sealed record Failed(int ExitCode) : AdminReply;
}
