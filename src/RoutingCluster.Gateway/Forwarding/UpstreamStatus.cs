using System.Text.Json;
using RoutingCluster.Entities;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>What an upstream's HTTP status means for the attempt, and the part of its error body that may be repeated.</summary>
public static class UpstreamStatus
{
    public static OutcomeKind Classify(int status) => status switch
    {
        429 => OutcomeKind.RateLimited,
        401 or 403 => OutcomeKind.AuthFailed,
        408 => OutcomeKind.Timeout,
        // A redirect is never followed (a request never chooses where it goes): the upstream is misconfigured.
        >= 300 and < 400 or >= 500 => OutcomeKind.ServerError,
        _ => OutcomeKind.ClientError,
    };

    /// <summary>
    /// The upstream error's <c>code</c> or <c>type</c> only: upstream messages may quote part of the
    /// key (e.g. "Incorrect API key provided: sk-...abcd"), so their text never reaches our answers.
    /// </summary>
    public static string ErrorSnippet(byte[]? body)
    {
        if (body is not { Length: > 0 })
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in (string[])["code", "type"])
                {
                    if (error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                        && value.GetString() is { Length: > 0 and <= 64 } text && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                    {
                        return $" {text}";
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }
}
