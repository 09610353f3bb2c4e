using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Rebuilds an upstream's 4xx about the request in the client's wire format; the upstream's bytes
/// are never relayed. Its status and <c>type</c>/<c>code</c>/<c>param</c> are kept (token-shaped
/// values only); its message only after <see cref="SecretMasker"/> and cut to
/// <see cref="MaxMessageLength"/> characters.
/// </summary>
public static class UpstreamErrorRebuilder
{
    public const int MaxMessageLength = 1000;

    public static byte[] Rebuild(byte[] upstreamBody, int status, WireFormat upstreamWire, WireFormat clientWire, SecretMasker masker)
    {
        var error = UpstreamError.Read(upstreamBody);
        var message = error.Message is { Length: > 0 } text ? Cap(masker.Apply(text)) : $"The upstream answered HTTP {status} without an error message.";
        if (clientWire == WireFormat.AnthropicMessages)
        {
            var type = upstreamWire == WireFormat.AnthropicMessages && error.Type is { } upstreamType ? upstreamType : AnthropicErrorTypes.For(status);
            return AnthropicErrors.Body(type, message);
        }

        var openAiType = error.Type ?? OpenAiErrors.TypeFor(status);
        return OpenAiErrors.Body(openAiType, error.Code ?? OpenAiErrors.CodeFor(openAiType, status), message, error.Param);
    }

    private static string Cap(string message) =>
        message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength), "…");
}
