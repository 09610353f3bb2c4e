namespace RoutingCluster.Gateway.Wire;

/// <summary>One server-sent event as received: its raw bytes (to forward as is) and its data payload.</summary>
public sealed record SseEvent(byte[] Raw, byte[] Data)
{
    public bool IsDone => Data.AsSpan().SequenceEqual("[DONE]"u8);
}
