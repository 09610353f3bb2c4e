using System.Text.Json;

namespace RoutingCluster.Gateway.Wire;

/// <summary>
/// What an upstream's error body said, read from either wire format (OpenAI's
/// <c>{"error":{"message","type","param","code"}}</c>, Anthropic's
/// <c>{"type":"error","error":{"type","message"}}</c>, or an <c>error</c>/<c>message</c> string).
/// Only token-shaped <c>type</c>, <c>code</c> and <c>param</c> values are kept; the message is
/// the upstream's text, untrusted: it is for a rebuilder to mask and cap before anyone sees it.
/// </summary>
public sealed record UpstreamError(string? Type, string? Code, string? Param, string? Message)
{
    private const int MaxTokenLength = 64;

    public static UpstreamError Empty { get; } = new(null, null, null, null);

    public static UpstreamError Read(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            if (root.TryGetProperty("error"u8, out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return new UpstreamError(Token(error, "type"u8), Token(error, "code"u8), Token(error, "param"u8), Text(error, "message"u8));
            }

            return new UpstreamError(null, null, null, error.ValueKind == JsonValueKind.String ? error.GetString() : Text(root, "message"u8));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not valid Unicode: nothing usable.
            return Empty;
        }
    }

    private static string? Text(JsonElement owner, ReadOnlySpan<byte> name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A short identifier-like value (<c>invalid_request_error</c>, <c>messages[0].content</c>), else null.</summary>
    private static string? Token(JsonElement owner, ReadOnlySpan<byte> name)
    {
        var text = owner.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : null;
        return text is { Length: > 0 and <= MaxTokenLength } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '[' or ']')
            ? text
            : null;
    }
}
