namespace RoutingCluster.Gateway.Translation;

/// <summary>Converts a whole (non-streamed) upstream body into the client's format.</summary>
public interface IBodyTranslator
{
    BodyTranslation Translate(byte[] upstreamBody);
}
