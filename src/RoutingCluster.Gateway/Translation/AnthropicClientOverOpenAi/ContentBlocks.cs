using System.Buffers;
using System.Text;
using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>Conversions of single Anthropic content blocks shared by the turn writers.</summary>
internal static class ContentBlocks
{
    /// <summary>A base64 source becomes a data URL, a url source stays a URL; file ids have no OpenAI meaning.</summary>
    public static string ImageUrl(JsonElement block, string path)
    {
        var source = Json.RequiredObject(Json.Property(block, "source") ?? throw new UntranslatableRequestException($"`{path}.source` is required."), $"{path}.source");
        return Json.RequiredString(source, "type", $"{path}.source") switch
        {
            "base64" => $"data:{Json.RequiredString(source, "media_type", $"{path}.source")};base64,{Json.RequiredString(source, "data", $"{path}.source")}",
            "url" => Json.RequiredString(source, "url", $"{path}.source"),
            var type => throw new UntranslatableRequestException(
                $"`{path}.source.type` is `{type}`; an OpenAI-format upstream takes images only as `base64` or `url` sources."),
        };
    }

    /// <summary>Plain-text documents become text; PDFs and other binary documents cannot be sent to an OpenAI-format upstream.</summary>
    public static string DocumentText(JsonElement block, string path)
    {
        var source = Json.RequiredObject(Json.Property(block, "source") ?? throw new UntranslatableRequestException($"`{path}.source` is required."), $"{path}.source");
        var type = Json.RequiredString(source, "type", $"{path}.source");
        return type == "text"
            ? Json.RequiredString(source, "data", $"{path}.source")
            : throw new UntranslatableRequestException(
                $"`{path}` is a `{type}` document; an OpenAI-format upstream only takes plain-text documents. Route this request to an Anthropic upstream.");
    }

    public static void WritePart(Utf8JsonWriter writer, UserPart part)
    {
        writer.WriteStartObject();
        if (part.IsImage)
        {
            writer.WriteString("type", "image_url");
            writer.WriteStartObject("image_url");
            writer.WriteString("url", part.Value);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("type", "text");
            writer.WriteString("text", part.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Compact JSON text of a value, for OpenAI's string-typed tool-call arguments.</summary>
    public static string CompactJson(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static UntranslatableRequestException Unsupported(string type, string path, string where) =>
        new($"`{path}` is a `{type}` block, which cannot appear in a {where} message sent to an OpenAI-format upstream.");
}
