using BenchmarkDotNet.Attributes;
using RoutingCluster.Configuration;
using RoutingCluster.MicroBenchmarks.Inputs;
using RoutingCluster.Routing;

namespace RoutingCluster.MicroBenchmarks.Routing;

/// <summary>Deciding a request's role: a name looked up directly, and a model name that falls through to the glob rules.</summary>
public class RouteResolutionBenchmarks
{
    private GatewayDefinition _model = null!;
    private RequestFeatures _explicitRole = null!;
    private RequestFeatures _claudeModel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchInputs.LoadModel();
        _explicitRole = new RequestFeatures("smol", null, true, false, true, false, 1_200, null);
        // Misses the first rule (*haiku*) and matches the fourth (claude-*).
        _claudeModel = new RequestFeatures("claude-sonnet-4-5-20250929", null, true, false, true, false, 1_200, null);
    }

    [Benchmark]
    public RouteTarget? ResolveExplicitRole() => RoleResolver.Resolve(_model, _explicitRole).Target;

    [Benchmark]
    public RouteTarget? ResolveClaudeByRule() => RoleResolver.Resolve(_model, _claudeModel).Target;
}
