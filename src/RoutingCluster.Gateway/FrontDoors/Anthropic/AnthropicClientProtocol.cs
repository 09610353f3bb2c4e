using RoutingCluster.Configuration;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.AnthropicToOpenAi;
using RoutingCluster.Gateway.Translation.PassThrough;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors.Anthropic;

/// <summary>Clients speaking Anthropic's Messages API (<c>POST /v1/messages</c>): Claude Code, the Anthropic SDKs.</summary>
public sealed class AnthropicClientProtocol : IClientProtocol
{
    public string Name => "anthropic";

    public WireFormat WireFormat => WireFormat.AnthropicMessages;

    public (ChatRequestInspection? Inspection, string? Error) Inspect(ReadOnlySpan<byte> body, string? roleHeader) =>
        MessagesRequestInspector.Inspect(body, roleHeader);

    public byte[] UpstreamBody(byte[] body, ChatRequestInspection inspection, Candidate candidate) =>
        SameWire(candidate)
            ? ChatRequestRewriter.Rewrite(body, inspection, candidate.Model.UpstreamModel).Body
            : AnthropicRequestTranslator.ToOpenAi(body, candidate.Model.UpstreamModel);

    public IReadOnlyDictionary<string, string>? PassedHeaders(HttpRequest request)
    {
        var passed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in AnthropicMessagesAdapter.PassedHeaders)
        {
            if (request.Headers[name].ToString() is { Length: > 0 } value)
            {
                passed[name] = value;
            }
        }

        return passed.Count == 0 ? null : passed;
    }

    public IBodyTranslator BodyTranslator(Candidate candidate, ChatRequestInspection inspection) =>
        SameWire(candidate) ? new AnthropicPassThrough() : new OpenAiToAnthropicBody(inspection.Features.RequestedModel);

    public IStreamTranslator StreamTranslator(Candidate candidate, ChatRequestInspection inspection) =>
        SameWire(candidate) ? new AnthropicPassThrough() : new OpenAiToAnthropicStream(inspection.Features.RequestedModel);

    public byte[] ErrorBody(int status, string code, string message) => AnthropicErrors.Body(status, message);

    public byte[] UpstreamErrorBody(Candidate candidate, int status, byte[] upstreamBody) =>
        SameWire(candidate) ? upstreamBody : ErrorBodyTranslator.OpenAiToAnthropic(upstreamBody, status);

    private static bool SameWire(Candidate candidate) =>
        ProviderProtocols.WireFormat(candidate.Provider.Protocol) == WireFormat.AnthropicMessages;
}
