namespace RoutingCluster.Configuration;

/// <param name="SseEventMaxBytes">An upstream SSE event longer than this breaks its stream.</param>
public sealed record GatewayLimitsDefinition(int SseEventMaxBytes)
{
    /// <summary>4 MiB: far above any real event (a chunk of a few tokens, a tool call's arguments).</summary>
    public const int DefaultSseEventMaxBytes = 4 * 1024 * 1024;

    /// <summary>1 KiB: below that, ordinary events (a role chunk, a usage chunk) would break streams.</summary>
    public const int MinSseEventMaxBytes = 1024;

    /// <summary>1 GiB: one event is held in one array.</summary>
    public const int MaxSseEventMaxBytes = 1024 * 1024 * 1024;

    public static GatewayLimitsDefinition Default { get; } = new(DefaultSseEventMaxBytes);
}
