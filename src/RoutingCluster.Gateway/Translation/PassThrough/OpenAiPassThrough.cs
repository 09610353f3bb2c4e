using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.FrontDoors.OpenAi;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>
/// OpenAI client, OpenAI-format upstream: events and bodies go through untouched, reading usage
/// on the way. A usage-only chunk the gateway asked for on the client's behalf is not forwarded.
/// </summary>
public sealed class OpenAiPassThrough(bool usageInjected) : IStreamTranslator, IBodyTranslator
{
    public TokenUsage? Usage { get; private set; }

    public IReadOnlyList<byte[]> OnEvent(SseEvent upstream)
    {
        if (!upstream.IsDone && TokenUsage.TryRead(upstream.Data, out var usageOnly) is { } usage)
        {
            Usage = usage;
            if (usageInjected && usageOnly)
            {
                return [];
            }
        }

        return [upstream.Raw];
    }

    public IReadOnlyList<byte[]> OnEnd() => [];

    public byte[] ErrorEvent(string message) => OpenAiErrors.StreamErrorEvent(message);

    public (byte[] Body, TokenUsage? Usage) Translate(byte[] upstreamBody) => (upstreamBody, TokenUsage.TryRead(upstreamBody, out _));
}
