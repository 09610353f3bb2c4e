using System.Text.Json.Nodes;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Refuses OpenAI request fields whose loss would change what the client gets back (several
/// choices, log probabilities, structured output, audio, legacy functions, web search). Fields that
/// only tune sampling or storage are not listed here: the translator simply drops them.
/// </summary>
internal static class UnsupportedFields
{
    private static readonly string[] Refused = ["functions", "audio", "web_search_options"];

    public static void Reject(JsonObject request)
    {
        if (RequestJson.OptionalInteger(request, "n") is > 1)
        {
            throw new UntranslatableRequestException("`n` > 1 is not supported by the Anthropic upstream, which returns one choice per request.");
        }

        if (RequestJson.OptionalBool(request, "logprobs") == true)
        {
            throw new UntranslatableRequestException("`logprobs` is not supported by the Anthropic upstream.");
        }

        if (RequestJson.Member(request, "response_format") is JsonObject format && RequestJson.OptionalString(format, "type", "response_format") is { } type && type != "text")
        {
            throw new UntranslatableRequestException($"`response_format` `{type}` is not supported by the Anthropic upstream; describe the format in the prompt instead.");
        }

        if (RequestJson.Member(request, "modalities") is JsonArray modalities && modalities.Any(m => m is JsonValue v && v.TryGetValue<string>(out var s) && s != "text"))
        {
            throw new UntranslatableRequestException("`modalities` other than text are not supported by the Anthropic upstream.");
        }

        foreach (var name in Refused)
        {
            if (RequestJson.Member(request, name) is not null)
            {
                throw new UntranslatableRequestException($"`{name}` is not supported by the Anthropic upstream.");
            }
        }
    }
}
