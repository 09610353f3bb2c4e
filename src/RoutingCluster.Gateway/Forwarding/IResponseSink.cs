using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// The client's side of the exchange, supplied by the front door: where the executor writes the
/// answer of the attempt it commits to, already in the client's wire format. Nothing reaches the
/// client before <see cref="Start"/>; once started, the executor cannot fail over any more.
/// </summary>
public interface IResponseSink
{
    /// <summary>True once the client went away: nothing written reaches anyone.</summary>
    bool ClientGone { get; }

    /// <summary>Commits to <paramref name="served"/>'s answer: status and headers (routing headers included).</summary>
    /// <param name="attempts">Attempts made for this request, this one included.</param>
    void Start(int status, Candidate served, int attempts, bool stream);

    /// <summary>Writes a whole body.</summary>
    ValueTask WriteBodyAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>Writes stream events and flushes once.</summary>
    /// <returns>False when the client has gone away.</returns>
    ValueTask<bool> TryWriteEventsAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken);
}
