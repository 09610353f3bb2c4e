namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// Unwinds a request translator's recursive writers when the client's request holds something the
/// upstream's format cannot carry (or is malformed). It never leaves the translator: each request
/// translator's entry point catches it and answers <see cref="RequestTranslation.Untranslatable"/>,
/// so callers see a value. The message is written for the client.
/// </summary>
internal sealed class UntranslatableRequestException(string message) : Exception(message)
{
    public const string NotUnicodeOrMistyped =
        "The request body holds a string that is not valid Unicode (an unpaired surrogate escape) or a field of an unexpected type.";
}
