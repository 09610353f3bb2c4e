namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// A body that cannot be translated between client and upstream formats (malformed structure, or
/// content whose meaning the other format cannot carry). The message is written for the client:
/// the front door returns it as a 400 in the client's error format.
/// </summary>
public sealed class TranslationException(string message) : Exception(message);
