using System.Diagnostics.CodeAnalysis;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>Anthropic client, Anthropic upstream: events and bodies go through untouched, reading usage on the way.</summary>
public sealed class AnthropicPassThrough : IStreamTranslator, IBodyTranslator
{
    public TokenUsage? Usage { get; private set; }

    public bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        Usage = AnthropicUsage.Accumulate(Usage, upstream.Data);
        events = [upstream.Raw];
        problem = null;
        return true;
    }

    public IReadOnlyList<byte[]> OnEnd() => [];

    public byte[] ErrorEvent(string message) => AnthropicErrors.StreamErrorEvent(message);

    public BodyTranslation Translate(byte[] upstreamBody) =>
        JsonShape.IsOneObject(upstreamBody)
            ? new BodyTranslation.Translated(upstreamBody, AnthropicUsage.TryRead(upstreamBody))
            : new BodyTranslation.Unreadable("the body is not a JSON object");
}
