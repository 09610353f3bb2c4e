using System.Text.Json.Nodes;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Converts an OpenAI <c>image_url</c> part into an Anthropic <c>image</c> block: a base64 data URL
/// becomes a <c>base64</c> source, an http(s) URL a <c>url</c> source. <c>detail</c> has no
/// Anthropic equivalent and is dropped.
/// </summary>
internal static class OpenAiImageTranslator
{
    public static JsonObject Image(JsonObject part, string path)
    {
        // Most clients send {"url": ...}; a few older ones send the URL string directly.
        var url = RequestJson.Member(part, "image_url") is JsonObject imageUrl
            ? RequestJson.RequiredString(imageUrl, "url", $"{path}.image_url")
            : RequestJson.RequiredString(part, "image_url", path);
        return new JsonObject { ["type"] = "image", ["source"] = Source(url, $"{path}.image_url.url") };
    }

    private static JsonObject Source(string url, string path)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            var header = comma < 0 ? "" : url[5..comma];
            if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new UntranslatableRequestException($"`{path}` is a data URL that is not base64 (`data:<media type>;base64,<data>`); Anthropic only takes base64 image data.");
            }

            var mediaType = header[..header.IndexOf(';', StringComparison.Ordinal)];
            return new JsonObject { ["type"] = "base64", ["media_type"] = mediaType, ["data"] = url[(comma + 1)..] };
        }

        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonObject { ["type"] = "url", ["url"] = url };
        }

        throw new UntranslatableRequestException($"`{path}` must be a base64 data URL or an http(s) URL.");
    }
}
