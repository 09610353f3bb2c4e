namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// The upstream body for one candidate, or why that candidate cannot carry the request (the
/// executor then skips it and tries the next; no upstream is called).
/// </summary>
public abstract record RequestTranslation
{
    private RequestTranslation()
    {
    }

    /// <param name="Body">Already in the upstream's wire format.</param>
    public sealed record Translated(byte[] Body) : RequestTranslation;

    /// <param name="Reason">Names what could not be carried, for the client.</param>
    public sealed record Untranslatable(string Reason) : RequestTranslation;
}
