using BenchmarkDotNet.Running;

namespace RoutingCluster.MicroBenchmarks;

/// <summary>Runs the benchmarks chosen with <c>--filter</c> (all with <c>--filter '*'</c>).</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, QuickConfig.Create());
}
