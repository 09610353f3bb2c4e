namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>
/// The wire format a client speaks at a front door (OpenAI chat completions, Anthropic messages):
/// how its requests are read and how the gateway's own errors look. Carrying the request to an
/// upstream and its answer back is the bridges' business (<see cref="Translation.IWireBridge"/>).
/// One shared handler (<see cref="FrontDoorHandler"/>) runs the request flow for every protocol.
/// </summary>
public interface IClientProtocol
{
    /// <summary>For logs and the ledger: <c>openai</c>, <c>anthropic</c>.</summary>
    string Name { get; }

    RoutingCluster.Configuration.WireFormat WireFormat { get; }

    RequestReading Inspect(ReadOnlySpan<byte> body, string? roleHeader);

    /// <summary>Client headers to pass on to an upstream of the same protocol, each checked against its grammar.</summary>
    HeaderReading PassedHeaders(HttpRequest request);

    /// <summary>An error body in this protocol's format; the error type follows from the status.</summary>
    byte[] ErrorBody(int status, string code, string message);
}
