using System.Globalization;

namespace RoutingCluster.Testing.Otlp;

/// <summary>
/// Decodes an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto, trace/v1 and common/v1)
/// by field number: request.resource_spans = 1; ResourceSpans.resource = 1, .scope_spans = 2;
/// Resource.attributes = 1; ScopeSpans.spans = 2; Span.trace_id = 1, .span_id = 2,
/// .parent_span_id = 4, .name = 5, .attributes = 9; KeyValue.key = 1, .value = 2; AnyValue
/// string = 1, bool = 2, int = 3, double = 4.
/// </summary>
public static class OtlpTraceDecoder
{
    public static IReadOnlyList<OtlpSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        var reader = new ProtobufReader(request);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == ProtobufReader.LengthDelimited)
            {
                ReadResourceSpans(reader.ReadBytes(), spans);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> data, List<OtlpSpan> spans)
    {
        var resource = new Dictionary<string, string>(StringComparer.Ordinal);
        var scopes = new List<byte[]>();
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == ProtobufReader.LengthDelimited:
                    ReadAttributes(reader.ReadBytes(), 1, resource);
                    break;
                case 2 when wire == ProtobufReader.LengthDelimited:
                    scopes.Add(reader.ReadBytes().ToArray());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        foreach (var scope in scopes)
        {
            var scopeReader = new ProtobufReader(scope);
            while (scopeReader.Next(out var field, out var wire))
            {
                if (field == 2 && wire == ProtobufReader.LengthDelimited)
                {
                    spans.Add(ReadSpan(scopeReader.ReadBytes(), resource));
                }
                else
                {
                    scopeReader.Skip(wire);
                }
            }
        }
    }

    private static OtlpSpan ReadSpan(ReadOnlySpan<byte> data, IReadOnlyDictionary<string, string> resource)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == ProtobufReader.LengthDelimited:
                    traceId = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case 2 when wire == ProtobufReader.LengthDelimited:
                    spanId = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case 4 when wire == ProtobufReader.LengthDelimited:
                    parent = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case 5 when wire == ProtobufReader.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case 9 when wire == ProtobufReader.LengthDelimited:
                    ReadKeyValue(reader.ReadBytes(), attributes);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new OtlpSpan(traceId, spanId, parent, name, attributes, resource);
    }

    /// <summary>Reads the repeated KeyValue field <paramref name="attributeField"/> of a message.</summary>
    private static void ReadAttributes(ReadOnlySpan<byte> data, int attributeField, Dictionary<string, string> into)
    {
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            if (field == attributeField && wire == ProtobufReader.LengthDelimited)
            {
                ReadKeyValue(reader.ReadBytes(), into);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static void ReadKeyValue(ReadOnlySpan<byte> data, Dictionary<string, string> into)
    {
        string key = "", value = "";
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == ProtobufReader.LengthDelimited:
                    key = reader.ReadString();
                    break;
                case 2 when wire == ProtobufReader.LengthDelimited:
                    value = ReadAnyValue(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        into[key] = value;
    }

    private static string ReadAnyValue(ReadOnlySpan<byte> data)
    {
        var reader = new ProtobufReader(data);
        var value = "";
        while (reader.Next(out var field, out var wire))
        {
            value = (field, wire) switch
            {
                (1, ProtobufReader.LengthDelimited) => reader.ReadString(),
                (2, ProtobufReader.Varint) => reader.ReadVarint() != 0 ? "true" : "false",
                (3, ProtobufReader.Varint) => ((long)reader.ReadVarint()).ToString(CultureInfo.InvariantCulture),
                (4, ProtobufReader.Fixed64) => BitConverter.UInt64BitsToDouble(reader.ReadFixed64()).ToString(CultureInfo.InvariantCulture),
                _ => SkipTo(ref reader, wire, value),
            };
        }

        return value;
    }

    private static string SkipTo(ref ProtobufReader reader, int wire, string value)
    {
        reader.Skip(wire);
        return value;
    }
}
