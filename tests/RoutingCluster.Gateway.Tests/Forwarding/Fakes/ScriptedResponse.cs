using System.Text;
using RoutingCluster.Gateway.Providers;

namespace RoutingCluster.Gateway.Tests.Forwarding.Fakes;

/// <summary>An upstream response with a given status, headers and body stream; counts its disposals.</summary>
internal sealed class ScriptedResponse(int status, Stream body, IReadOnlyDictionary<string, string>? headers = null) : UpstreamResponse
{
    public static ScriptedResponse Json(int status, string json) => new(status, new MemoryStream(Encoding.UTF8.GetBytes(json)));

    public int Disposals { get; private set; }

    public override int Status => status;

    public override string? ContentType => "application/json";

    public override Stream Body => body;

    public override string? Header(string name) => headers is not null && headers.TryGetValue(name, out var value) ? value : null;

    public override ValueTask DisposeAsync()
    {
        Disposals++;
        return ValueTask.CompletedTask;
    }
}
