using System.Diagnostics.CodeAnalysis;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// Turns one upstream stream into the client's stream, event by event, keeping whatever state the
/// conversion needs (open content blocks, tool-call indexes, usage seen so far). One instance per
/// stream. Implementations write complete SSE events (<c>event:</c>/<c>data:</c> lines and the
/// blank line) in the client's wire format, ready to forward and flush.
/// </summary>
public interface IStreamTranslator
{
    /// <summary>The client events for one upstream event (possibly none).</summary>
    /// <returns>False when the upstream event cannot be read; <paramref name="problem"/> says why.
    /// The stream cannot go on (the client already holds part of the answer).</returns>
    bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem);

    /// <summary>Events to send when the upstream stream ended normally: closing events it did not send, if any.</summary>
    IReadOnlyList<byte[]> OnEnd();

    /// <summary>The in-band error event ending a stream that broke after its first byte (no normal end follows).</summary>
    byte[] ErrorEvent(string message);

    /// <summary>Usage seen so far in the upstream stream, or null.</summary>
    TokenUsage? Usage { get; }
}
