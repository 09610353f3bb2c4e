using System.Text.Json;

namespace RoutingCluster.Gateway.Wire;

/// <summary>Errors in Anthropic's body format: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
public static class AnthropicErrors
{
    /// <summary>Anthropic's error type for a status; our 503 (nothing available) reads as overloaded.</summary>
    public static string TypeFor(int status) => status == 503 ? "overloaded_error" : AnthropicErrorTypes.For(status);

    public static byte[] Body(int status, string message) => Body(TypeFor(status), message);

    public static byte[] Body(string type, string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new Envelope("error", new Detail(type, message)), AnthropicErrorJsonContext.Relaxed.Envelope);

    /// <summary>The <c>error</c> event ending a stream that broke after its first byte.</summary>
    public static byte[] StreamErrorEvent(string message) => [.. "event: error\ndata: "u8, .. Body(500, message), .. "\n\n"u8];

    internal sealed record Envelope(string Type, Detail Error);

    internal sealed record Detail(string Type, string Message);
}
