using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.OpenAiToAnthropic;
using RoutingCluster.Gateway.Translation.PassThrough;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>Clients speaking OpenAI chat completions (<c>POST /v1/chat/completions</c>).</summary>
public sealed class OpenAiClientProtocol(TimeProvider time) : IClientProtocol
{
    /// <summary>Output cap sent to an Anthropic upstream (which requires one) when neither client nor model sets it.</summary>
    public const int DefaultAnthropicMaxTokens = 4096;

    public string Name => "openai";

    public WireFormat WireFormat => WireFormat.OpenAiChat;

    public (ChatRequestInspection? Inspection, string? Error) Inspect(ReadOnlySpan<byte> body, string? roleHeader) =>
        ChatRequestInspector.Inspect(body, roleHeader);

    public byte[] UpstreamBody(byte[] body, ChatRequestInspection inspection, Candidate candidate) =>
        SameWire(candidate)
            ? ChatRequestRewriter.Rewrite(body, inspection, candidate.Model.UpstreamModel).Body
            : OpenAiRequestTranslator.ToAnthropic(body, candidate.Model.UpstreamModel, candidate.Model.MaxOutput ?? DefaultAnthropicMaxTokens);

    public IReadOnlyDictionary<string, string>? PassedHeaders(HttpRequest request) => null;

    public IBodyTranslator BodyTranslator(Candidate candidate, ChatRequestInspection inspection) =>
        SameWire(candidate) ? new OpenAiPassThrough(false) : new AnthropicToOpenAiBody(inspection.Features.RequestedModel, Created());

    public IStreamTranslator StreamTranslator(Candidate candidate, ChatRequestInspection inspection) =>
        SameWire(candidate)
            ? new OpenAiPassThrough(usageInjected: inspection.IncludeUsage is null)
            : new AnthropicToOpenAiStream(inspection.Features.RequestedModel, Created(), includeUsage: inspection.IncludeUsage == true);

    public byte[] ErrorBody(int status, string code, string message) => OpenAiErrors.Body(status, code, message);

    public byte[] UpstreamErrorBody(Candidate candidate, int status, byte[] upstreamBody) =>
        SameWire(candidate) ? upstreamBody : ErrorBodyTranslator.AnthropicToOpenAi(upstreamBody, status);

    private static bool SameWire(Candidate candidate) => ProviderProtocols.WireFormat(candidate.Provider.Protocol) == WireFormat.OpenAiChat;

    private long Created() => time.GetUtcNow().ToUnixTimeSeconds();
}
