namespace RoutingCluster.Benchmarks;

/// <summary>
/// Open-loop phase at <paramref name="Rate"/> requests/s: <paramref name="Latency"/> runs from the moment the
/// fixed timeline said the request was due (its intended send time) to its last response byte, so a
/// stall anywhere, the load generator's included, shows in the latency instead of postponing the
/// requests that would have seen it (no coordinated omission). <paramref name="StartLag"/> is how late
/// the requests were actually handed to the client against that timeline.
/// </summary>
/// <paramref name="Cpu"/> is this whole process's CPU time over the phase (client, mock and gateways; not PostgreSQL).
public sealed record FixedRateResult(
    int Rate, int Planned, int Sent, int Errors, LatencySummary Latency, LatencySummary StartLag, int UpstreamReceived, TimeSpan Elapsed, TimeSpan Cpu)
{
    public double CpuMicrosecondsPerRequest => Sent - Errors > 0 ? Cpu.TotalMicroseconds / (Sent - Errors) : double.NaN;
}

/// <summary>
/// Closed-loop phase: every worker sends its next request as soon as the previous one is answered.
/// <paramref name="Cpu"/> is this whole process's CPU time over the phase (client, mock and gateways; not PostgreSQL).
/// </summary>
public sealed record ThroughputResult(int Connections, int Completed, int Errors, TimeSpan Elapsed, LatencySummary Latency, TimeSpan Cpu)
{
    public double CpuMicrosecondsPerRequest => Completed > 0 ? Cpu.TotalMicroseconds / Completed : double.NaN;

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Concurrent streams (closed loop, <paramref name="Concurrency"/> in flight): time to the first body byte
/// (the first SSE event, which carries the first token) and to the end of the stream.
/// </summary>
public sealed record StreamResult(int Concurrency, int Errors, LatencySummary FirstByte, LatencySummary Complete);

/// <summary>Sequential non-streaming requests, one in flight.</summary>
public sealed record SequentialResult(int Errors, LatencySummary Latency);

/// <summary>Everything measured for one target in one round.</summary>
public sealed record TargetRound(
    string Target,
    SequentialResult Sequential,
    StreamResult StreamOne,
    StreamResult Stream,
    IReadOnlyDictionary<int, FixedRateResult> FixedRate,
    IReadOnlyDictionary<int, ThroughputResult> Throughput);
