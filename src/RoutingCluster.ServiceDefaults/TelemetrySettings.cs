namespace RoutingCluster.ServiceDefaults;

/// <summary>
/// What a service of the project exports: its service name, its meters (by the scope they are
/// created in), the cap on series per instrument, and its activity sources.
/// </summary>
/// <param name="ServiceName">The service name when <c>OTEL_SERVICE_NAME</c> does not set one (an orchestrator may name each node).</param>
/// <param name="LocalMeters">Meters created by the host's meter factory: exported for this host only, so several hosts in one process (as in tests) never mix their figures.</param>
/// <param name="GlobalMeters">Process-wide meters (e.g. the .NET runtime's).</param>
/// <param name="SeriesLimits">Series kept per instrument of a meter (further tag sets fold into one overflow series); meters not named keep <paramref name="DefaultSeriesLimit"/>.</param>
/// <param name="DefaultSeriesLimit">Series kept per instrument of any other meter.</param>
/// <param name="ActivitySources">Sources whose spans are exported when OTLP export is on.</param>
public sealed record TelemetrySettings(
    string ServiceName,
    IReadOnlyList<string> LocalMeters,
    IReadOnlyList<string> GlobalMeters,
    IReadOnlyDictionary<string, int> SeriesLimits,
    int DefaultSeriesLimit,
    IReadOnlyList<string> ActivitySources);
