namespace RoutingCluster.Gateway.Translation;

/// <summary>Two body translators one after the other; the usage is the first one's (read from the upstream's own body).</summary>
internal sealed class ChainedBody(IBodyTranslator first, IBodyTranslator second) : IBodyTranslator
{
    public BodyTranslation Translate(byte[] upstreamBody) => first.Translate(upstreamBody) switch
    {
        BodyTranslation.Translated middle => second.Translate(middle.Body) switch
        {
            BodyTranslation.Translated last => last with { Usage = middle.Usage },
            var unreadable => unreadable,
        },
        var unreadable => unreadable,
    };
}
