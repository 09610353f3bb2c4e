using System.Text.Json;
using System.Text.Json.Serialization;
using RoutingCluster.Gateway.Translation.AnthropicToOpenAi;

namespace RoutingCluster.Gateway.FrontDoors.Anthropic;

/// <summary>Errors in Anthropic's body format: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
public static class AnthropicErrors
{
    /// <summary>Anthropic's error type for a status; our 503 (nothing available) reads as overloaded.</summary>
    public static string TypeFor(int status) => status == 503 ? "overloaded_error" : ErrorBodyTranslator.ErrorType(status);

    public static byte[] Body(int status, string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new Envelope("error", new Detail(TypeFor(status), message)), AnthropicJsonContext.Relaxed.Envelope);

    /// <summary>The <c>error</c> event ending a stream that broke after its first byte.</summary>
    public static byte[] StreamErrorEvent(string message) => [.. "event: error\ndata: "u8, .. Body(500, message), .. "\n\n"u8];

    internal sealed record Envelope(string Type, Detail Error);

    internal sealed record Detail(string Type, string Message);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AnthropicErrors.Envelope))]
[JsonSerializable(typeof(TokenCount))]
internal sealed partial class AnthropicJsonContext : JsonSerializerContext
{
    /// <summary>Leaves readable characters such as backticks unescaped in messages meant for people.</summary>
    public static AnthropicJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>The answer of <c>POST /v1/messages/count_tokens</c>.</summary>
internal sealed record TokenCount(long InputTokens);
