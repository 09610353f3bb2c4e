using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>
/// Produces the upstream body by splicing bytes, so everything the client sent reaches the
/// provider untouched except <c>model</c> (set to the upstream model) and, on streams,
/// <c>stream_options.include_usage</c> (added so the gateway learns the real token usage).
/// </summary>
public static class ModelFieldRewriter
{
    private static readonly byte[] StreamOptionsMember = "\"stream_options\":{\"include_usage\":true},"u8.ToArray();
    private static readonly byte[] IncludeUsageMember = "\"include_usage\":true"u8.ToArray();
    private static readonly byte[] IncludeUsageMemberAndComma = "\"include_usage\":true,"u8.ToArray();

    /// <returns>The new body, and whether usage reporting was added by the gateway (not asked by the client).</returns>
    public static (byte[] Body, bool UsageInjected) Rewrite(ReadOnlySpan<byte> body, RequestInspection inspection, string upstreamModel)
    {
        var model = JsonEncodedText.Encode(upstreamModel).EncodedUtf8Bytes;
        var inject = inspection.Features.Stream && inspection.IncludeUsage is null;

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
            insertion = inspection.StreamOptionsEmpty ? IncludeUsageMember : IncludeUsageMemberAndComma;
        }

        // The output's size is known up front: the body, the model value swapped (quotes included), the insertion.
        var output = new byte[body.Length - (inspection.ModelEnd - inspection.ModelStart) + model.Length + 2 + insertion.Length];
        var written = 0;
        var position = 0;
        if (insertAt >= 0 && insertAt < inspection.ModelStart)
        {
            Append(output, ref written, body[position..insertAt]);
            Append(output, ref written, insertion);
            position = insertAt;
        }

        Append(output, ref written, body[position..inspection.ModelStart]);
        Append(output, ref written, "\""u8);
        Append(output, ref written, model);
        Append(output, ref written, "\""u8);
        position = inspection.ModelEnd;
        if (insertAt > inspection.ModelStart)
        {
            Append(output, ref written, body[position..insertAt]);
            Append(output, ref written, insertion);
            position = insertAt;
        }

        Append(output, ref written, body[position..]);
        return (output, inject);
    }

    private static void Append(byte[] output, ref int written, ReadOnlySpan<byte> part)
    {
        part.CopyTo(output.AsSpan(written));
        written += part.Length;
    }
}
