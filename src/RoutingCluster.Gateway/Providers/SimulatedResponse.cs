using System.Text;

namespace RoutingCluster.Gateway.Providers;

/// <summary>A response produced in-process by the <see cref="SimulatedAdapter"/>.</summary>
internal sealed class SimulatedResponse(int status, IReadOnlyDictionary<string, string> headers, Stream body) : UpstreamResponse
{
    public static SimulatedResponse Json(int status, string json, Dictionary<string, string> headers)
    {
        headers["content-type"] = "application/json";
        return new SimulatedResponse(status, headers, new MemoryStream(Encoding.UTF8.GetBytes(json)));
    }

    public override int Status => status;

    public override string? ContentType => Header("content-type");

    public override Stream Body => body;

    public override string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;

    public override ValueTask DisposeAsync() => body.DisposeAsync();
}
