using System.Text;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Tests.Forwarding.Fakes;

/// <summary>A client that keeps everything the executor wrote to it.</summary>
internal sealed class RecordingSink : IResponseSink
{
    private readonly StringBuilder _written = new();

    public bool ClientGone { get; set; }

    public int Starts { get; private set; }

    public int? Status { get; private set; }

    public Candidate? Served { get; private set; }

    public int Attempts { get; private set; }

    public bool Stream { get; private set; }

    public string Written => _written.ToString();

    public void Start(int status, Candidate served, int attempts, bool stream)
    {
        Starts++;
        (Status, Served, Attempts, Stream) = (status, served, attempts, stream);
    }

    public ValueTask WriteBodyAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        _written.Append(Encoding.UTF8.GetString(body.Span));
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> TryWriteEventsAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        foreach (var item in events)
        {
            _written.Append(Encoding.UTF8.GetString(item));
        }

        return ValueTask.FromResult(!ClientGone);
    }
}
