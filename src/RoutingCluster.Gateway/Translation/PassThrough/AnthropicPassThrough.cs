using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.FrontDoors.Anthropic;
using RoutingCluster.Gateway.Translation.OpenAiToAnthropic;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>Anthropic client, Anthropic upstream: events and bodies go through untouched, reading usage on the way.</summary>
public sealed class AnthropicPassThrough : IStreamTranslator, IBodyTranslator
{
    public TokenUsage? Usage { get; private set; }

    public IReadOnlyList<byte[]> OnEvent(SseEvent upstream)
    {
        Usage = AnthropicUsage.Accumulate(Usage, upstream.Data);
        return [upstream.Raw];
    }

    public IReadOnlyList<byte[]> OnEnd() => [];

    public byte[] ErrorEvent(string message) => AnthropicErrors.StreamErrorEvent(message);

    public (byte[] Body, TokenUsage? Usage) Translate(byte[] upstreamBody) => (upstreamBody, AnthropicUsage.TryRead(upstreamBody));
}
