using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation;

/// <summary>A whole upstream answer in the client's format, or why it could not be read.</summary>
public abstract record BodyTranslation
{
    private BodyTranslation()
    {
    }

    /// <param name="Usage">The usage the upstream reported, if any.</param>
    public sealed record Translated(byte[] Body, TokenUsage? Usage) : BodyTranslation;

    /// <summary>The upstream's body is not what its own protocol says it should be.</summary>
    public sealed record Unreadable(string Reason) : BodyTranslation;
}
