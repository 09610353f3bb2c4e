namespace RoutingCluster.Benchmarks;

/// <summary>
/// Open-loop phase at <paramref name="Rate"/> requests/s: <paramref name="Latency"/> runs from the moment the
/// fixed timeline said the request was due (its intended send time) to its last response byte, so a
/// stall anywhere, the load generator's included, shows in the latency instead of postponing the
/// requests that would have seen it (no coordinated omission). <paramref name="StartLag"/> is how late
/// the requests were actually handed to the client against that timeline.
/// </summary>
/// <paramref name="Cpu"/> is this process's CPU time over the phase (client and mock; the gateways run as their own processes).
public sealed record FixedRateResult(
    int Rate, int Planned, int Sent, int Errors, LatencySummary Latency, LatencySummary StartLag, int UpstreamReceived, TimeSpan Elapsed, TimeSpan Cpu)
{
    public double CpuMicrosecondsPerRequest => Sent - Errors > 0 ? Cpu.TotalMicroseconds / (Sent - Errors) : double.NaN;
}

/// <summary>
/// Closed-loop phase: every connection sends its next request as soon as the previous one is answered.
/// <paramref name="Client"/> says which load generator ran it (wrk, or the harness's own client).
/// <see cref="GatewayCpu"/> is the CPU time of the process(es) under test over the phase, read from
/// the kernel: the gateway node processes (summed), or for the direct baseline the mock's (this
/// process, which runs nothing else while an external client loads it); <see cref="MockCpu"/> is the
/// mock's over the same phase (for a gateway target: the upstream's share of the work).
/// <see cref="GatewayTieringCpu"/> is the part of <see cref="GatewayCpu"/> spent by the runtime's
/// background JIT thread: a gateway still warming up, not serving.
/// </summary>
public sealed record ThroughputResult(int Connections, int Completed, int Errors, TimeSpan Elapsed, LatencySummary Latency, string Client)
{
    /// <summary>Set when the client measured its rate itself (wrk: per process, summed); else completed / elapsed.</summary>
    public double? MeasuredRate { get; init; }

    public TimeSpan GatewayCpu { get; init; }

    public TimeSpan GatewayTieringCpu { get; init; }

    public TimeSpan MockCpu { get; init; }

    public double GatewayCpuMicrosecondsPerRequest => Completed > 0 ? GatewayCpu.TotalMicroseconds / Completed : double.NaN;

    public double GatewayTieringCpuMicrosecondsPerRequest => Completed > 0 ? GatewayTieringCpu.TotalMicroseconds / Completed : double.NaN;

    public double MockCpuMicrosecondsPerRequest => Completed > 0 ? MockCpu.TotalMicroseconds / Completed : double.NaN;

    public double RequestsPerSecond => MeasuredRate ?? (Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0);
}

/// <summary>
/// Concurrent streams (closed loop, <paramref name="Concurrency"/> in flight): time to the first body byte
/// (the first SSE event, which carries the first token) and to the end of the stream.
/// </summary>
public sealed record StreamResult(int Concurrency, int Errors, LatencySummary FirstByte, LatencySummary Complete);

/// <summary>Sequential non-streaming requests, one in flight.</summary>
public sealed record SequentialResult(int Errors, LatencySummary Latency);

/// <summary>
/// Everything measured for one target in one round. <paramref name="Health"/>: per phase (keys as in
/// <see cref="Phases"/>), what the cluster looked like while it ran; empty for targets without a cluster.
/// </summary>
public sealed record TargetRound(
    string Target,
    SequentialResult Sequential,
    StreamResult StreamOne,
    StreamResult Stream,
    IReadOnlyDictionary<int, FixedRateResult> FixedRate,
    IReadOnlyDictionary<int, ThroughputResult> Throughput,
    IReadOnlyDictionary<string, PhaseHealth> Health)
{
    /// <summary>Whether the phase ran with a node cut from the database (or dead, or unanswering): its figures are not a healthy cluster's.</summary>
    public bool Unhealthy(string phase) => Health.TryGetValue(phase, out var health) && !health.Healthy;
}

/// <summary>The phase names used as keys of <see cref="TargetRound.Health"/> and <see cref="ReportMetric.Phase"/>.</summary>
public static class Phases
{
    public const string Sequential = "sequential";
    public const string StreamOne = "stream 1";
    public const string Stream = "stream concurrent";

    public static string FixedRate(int rate) => $"fixed-rate {rate}";

    public static string ClosedLoop(int connections) => $"max {connections}";
}
