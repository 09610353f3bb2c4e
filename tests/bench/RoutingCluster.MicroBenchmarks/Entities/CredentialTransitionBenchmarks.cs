using BenchmarkDotNet.Attributes;
using RoutingCluster.Entities;
using RoutingCluster.MicroBenchmarks.Inputs;

namespace RoutingCluster.MicroBenchmarks.Entities;

/// <summary>
/// One attempt's life on a credential: acquire a lease, then settle it, as the pure transitions
/// (what a credential grain runs per turn) on a state with minute and 5h windows and history.
/// </summary>
public class CredentialTransitionBenchmarks
{
    private const string LeaseId = "bench-lease";
    private CredentialState _state = null!;
    private AcquireCommand _acquire = null!;
    private SettleCommand _settle = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchInputs.LoadModel();
        var credential = model.Credentials.First(c => c.Id == "wide-key-1");
        var policy = BenchInputs.PolicyFor(model, credential);
        _state = BenchInputs.StateWithHistory(policy, inFlight: 3, seed: 1);
        _acquire = BenchInputs.Acquire(policy, LeaseId);
        _settle = BenchInputs.Settle(policy, LeaseId, 3_500);
    }

    [Benchmark]
    public CredentialState AcquireThenSettle()
    {
        var acquired = CredentialTransitions.Acquire(_state, _acquire, BenchInputs.Now);
        return CredentialTransitions.Settle(acquired.State, _settle, BenchInputs.Now + TimeSpan.FromSeconds(2)).State;
    }
}
