using BenchmarkDotNet.Attributes;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.MicroBenchmarks.Inputs;
using RoutingCluster.Routing;
using RoutingCluster.Routing.Strategies;

namespace RoutingCluster.MicroBenchmarks.Routing;

/// <summary>
/// What the router does before its first acquire: plan the role's chain, view each candidate's
/// credential state, and let the step's strategy (headroom) order them. Eight credentials.
/// </summary>
public class CandidateRankingBenchmarks
{
    private GatewayDefinition _model = null!;
    private RouteTarget _target = null!;
    private RequestFeatures _request = null!;
    private ISelectionStrategy _strategy = null!;
    private Dictionary<string, CredentialState> _states = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchInputs.LoadModel();
        _request = new RequestFeatures(BenchInputs.WideRole, null, true, false, true, false, 3_000, 2_048);
        _target = RoleResolver.Resolve(_model, _request).Target ?? throw new InvalidOperationException("role `wide` did not resolve");
        _strategy = StrategyRegistry.CreateDefault().Get(_target.Chain[0].Strategy);
        _states = new Dictionary<string, CredentialState>(StringComparer.Ordinal);
        var seed = 0;
        foreach (var credential in _model.Credentials)
        {
            _states[credential.Id] = BenchInputs.StateWithHistory(BenchInputs.PolicyFor(_model, credential), inFlight: seed % 4, seed);
            seed++;
        }
    }

    [Benchmark]
    public RankedCandidate PlanViewAndOrder()
    {
        var steps = RoutePlanner.Plan(_model, _target, _request, RoutingCluster.Tenants.TenantDefinition.Anonymous);
        var step = steps[0];
        var ranked = new List<RankedCandidate>(step.Candidates.Count);
        foreach (var candidate in step.Candidates)
        {
            var policy = BenchInputs.PolicyFor(_model, candidate.Credential);
            var view = CredentialTransitions.View(_states[candidate.Credential.Id], policy, candidate.ReservedTokens, BenchInputs.Now);
            if (view.Available)
            {
                ranked.Add(new RankedCandidate(candidate, view));
            }
        }

        return _strategy.Order(ranked, new StepContext(_target.Role, 0))[0];
    }
}
