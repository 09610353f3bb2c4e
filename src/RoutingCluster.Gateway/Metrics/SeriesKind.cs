namespace RoutingCluster.Gateway.Metrics;

/// <summary>How an instrument's measurements become a series.</summary>
internal enum SeriesKind
{
    Counter,
    ObservedCounter,
    Histogram,
    UpDown,
    Gauge,
}
