using System.Diagnostics.CodeAnalysis;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>
/// OpenAI client, OpenAI-format upstream: events and bodies go through untouched, reading usage
/// on the way. A usage-only chunk the gateway asked for on the client's behalf is not forwarded.
/// </summary>
public sealed class OpenAiPassThrough(bool usageInjected) : IStreamTranslator, IBodyTranslator
{
    public TokenUsage? Usage { get; private set; }

    public bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        if (!upstream.IsDone && TokenUsage.TryRead(upstream.Data, out var usageOnly) is { } usage)
        {
            Usage = usage;
            if (usageInjected && usageOnly)
            {
                events = [];
                return true;
            }
        }

        events = [upstream.Raw];
        return true;
    }

    public IReadOnlyList<byte[]> OnEnd() => [];

    public byte[] ErrorEvent(string message) => OpenAiErrors.StreamErrorEvent(message);

    public BodyTranslation Translate(byte[] upstreamBody) =>
        JsonShape.IsOneObject(upstreamBody)
            ? new BodyTranslation.Translated(upstreamBody, TokenUsage.TryRead(upstreamBody, out _))
            : new BodyTranslation.Unreadable("the body is not a JSON object");
}
