using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace RoutingCluster.MicroBenchmarks;

/// <summary>
/// A short job sized for a shared 2-core machine: one process, few iterations of 250 ms, so the
/// whole suite finishes in minutes. Absolute figures are noisy there; compare runs on one machine.
/// </summary>
public static class QuickConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.Default
                .WithId("Quick")
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(6)
                .WithIterationTime(TimeInterval.FromMilliseconds(250)))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .WithOptions(ConfigOptions.JoinSummary)
            // Reports go under bin/ (ignored by git), not into whatever directory the command ran from.
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
}
