namespace RoutingCluster.Benchmarks;

/// <summary>
/// Open-loop phase: <paramref name="Latency"/> runs from the moment a request was handed to the client to its
/// last response byte; <paramref name="StartLag"/> is how late that moment was against the fixed timeline
/// (large values mean the machine could not keep the schedule, and the latencies understate the queueing).
/// </summary>
/// <paramref name="Cpu"/> is this whole process's CPU time over the phase (client, mock and gateways; not PostgreSQL).
public sealed record FixedRateResult(
    int Planned, int Sent, int Errors, LatencySummary Latency, LatencySummary StartLag, int UpstreamReceived, TimeSpan Elapsed, TimeSpan Cpu)
{
    public double CpuMicrosecondsPerRequest => Sent - Errors > 0 ? Cpu.TotalMicroseconds / (Sent - Errors) : double.NaN;
}

/// <summary>
/// Closed-loop phase: every worker sends its next request as soon as the previous one is answered.
/// <paramref name="Cpu"/> is this whole process's CPU time over the phase (client, mock and gateways; not PostgreSQL).
/// </summary>
public sealed record ThroughputResult(int Completed, int Errors, TimeSpan Elapsed, LatencySummary Latency, TimeSpan Cpu)
{
    public double CpuMicrosecondsPerRequest => Completed > 0 ? Cpu.TotalMicroseconds / Completed : double.NaN;

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;
}

/// <summary>Sequential streams: time to the first body byte (the first SSE event) and to the end of the stream.</summary>
public sealed record StreamResult(int Errors, LatencySummary FirstByte, LatencySummary Complete);

/// <summary>Sequential non-streaming requests, one in flight.</summary>
public sealed record SequentialResult(int Errors, LatencySummary Latency);

/// <summary>Everything measured for one target in one round.</summary>
public sealed record TargetRound(
    string Target, SequentialResult Sequential, StreamResult Stream, FixedRateResult FixedRate, ThroughputResult Throughput);
