using RoutingCluster.Gateway.FrontDoors.OpenAi;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>
/// The wire format a client speaks at a front door (OpenAI chat completions, Anthropic messages):
/// how its requests are read, how a candidate's upstream body is built from them (as is, or
/// translated), how answers are turned back, and how errors look. One shared handler
/// (<see cref="FrontDoorHandler"/>) runs the request flow for every protocol.
/// </summary>
public interface IClientProtocol
{
    /// <summary>For logs: <c>openai</c>, <c>anthropic</c>.</summary>
    string Name { get; }

    /// <summary>The wire format, as in <see cref="RoutingCluster.Configuration.ProviderProtocols.WireFormat"/>.</summary>
    RoutingCluster.Configuration.WireFormat WireFormat { get; }

    (ChatRequestInspection? Inspection, string? Error) Inspect(ReadOnlySpan<byte> body, string? roleHeader);

    /// <summary>The body to send to <paramref name="candidate"/>.</summary>
    /// <exception cref="TranslationException">The request cannot be expressed in the candidate's protocol.</exception>
    byte[] UpstreamBody(byte[] body, ChatRequestInspection inspection, Candidate candidate);

    /// <summary>Client headers to pass on to an upstream of the same protocol, or null.</summary>
    IReadOnlyDictionary<string, string>? PassedHeaders(HttpRequest request);

    IBodyTranslator BodyTranslator(Candidate candidate, ChatRequestInspection inspection);

    IStreamTranslator StreamTranslator(Candidate candidate, ChatRequestInspection inspection);

    /// <summary>An error body in this protocol's format; the error type follows from the status.</summary>
    byte[] ErrorBody(int status, string code, string message);

    /// <summary>An upstream 4xx about the request itself, in this protocol's format.</summary>
    byte[] UpstreamErrorBody(Candidate candidate, int status, byte[] upstreamBody);
}
