using System.Text;
using System.Text.Json;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>
/// Produces the upstream body by splicing bytes, so everything the client sent reaches the
/// provider untouched except <c>model</c> (set to the upstream model) and, on streams,
/// <c>stream_options.include_usage</c> (added so the gateway learns the real token usage).
/// </summary>
public static class ChatRequestRewriter
{
    private static readonly byte[] StreamOptionsMember = "\"stream_options\":{\"include_usage\":true},"u8.ToArray();
    private static readonly byte[] IncludeUsageMember = "\"include_usage\":true"u8.ToArray();

    /// <returns>The new body, and whether usage reporting was added by the gateway (not asked by the client).</returns>
    public static (byte[] Body, bool UsageInjected) Rewrite(ReadOnlySpan<byte> body, ChatRequestInspection inspection, string upstreamModel)
    {
        var model = JsonEncodedString(upstreamModel);
        var inject = inspection.Features.Stream && inspection.IncludeUsage is null;
        using var output = new MemoryStream(body.Length + model.Length + StreamOptionsMember.Length);

        // Splice points in ascending order: object start (new stream_options), stream_options start, model value.
        var insertAt = -1;
        ReadOnlySpan<byte> insertion = default;
        if (inject && inspection.StreamOptionsStart < 0)
        {
            insertAt = inspection.ObjectStart + 1;
            insertion = StreamOptionsMember;
        }
        else if (inject)
        {
            insertAt = inspection.StreamOptionsStart + 1;
            insertion = inspection.StreamOptionsEmpty ? IncludeUsageMember : [.. IncludeUsageMember, (byte)','];
        }

        var position = 0;
        if (insertAt >= 0 && insertAt < inspection.ModelStart)
        {
            output.Write(body[position..insertAt]);
            output.Write(insertion);
            position = insertAt;
        }

        output.Write(body[position..inspection.ModelStart]);
        output.Write(model);
        position = inspection.ModelEnd;
        if (insertAt > inspection.ModelStart)
        {
            output.Write(body[position..insertAt]);
            output.Write(insertion);
            position = insertAt;
        }

        output.Write(body[position..]);
        return (output.ToArray(), inject);
    }

    private static byte[] JsonEncodedString(string value)
    {
        var encoded = JsonEncodedText.Encode(value);
        return Encoding.UTF8.GetBytes($"\"{encoded}\"");
    }
}
