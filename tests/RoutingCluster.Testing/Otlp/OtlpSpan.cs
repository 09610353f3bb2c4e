namespace RoutingCluster.Testing.Otlp;

/// <summary>One span as an OTLP receiver got it: ids in hex, its name, and its attributes as text.</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource);
