using BenchmarkDotNet.Attributes;
using RoutingCluster.Entities;
using RoutingCluster.MicroBenchmarks.Inputs;

namespace RoutingCluster.MicroBenchmarks.Entities;

/// <summary>
/// One attempt's life on a credential: acquire a lease, then settle it. Once as the pure
/// transitions on a state with minute and 5h windows and history, once through the in-process store.
/// </summary>
public class CredentialTransitionBenchmarks
{
    private const string LeaseId = "bench-lease";
    private CredentialState _state = null!;
    private AcquireCommand _acquire = null!;
    private SettleCommand _settle = null!;
    private MemoryEntityStore _store = null!;
    private string _credentialId = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var model = BenchInputs.LoadModel();
        var credential = model.Credentials.First(c => c.Id == "wide-key-1");
        var policy = BenchInputs.PolicyFor(model, credential);
        _credentialId = credential.Id;
        _state = BenchInputs.StateWithHistory(policy, inFlight: 3, seed: 1);
        _acquire = BenchInputs.Acquire(policy, LeaseId);
        _settle = BenchInputs.Settle(policy, LeaseId, 3_500);

        // Ten seconds per clock read (two reads per attempt): the minute window holds ~3 buckets and
        // the 5h one all 60 in steady state, with ~900 attempts in it, well under its 5000 requests.
        _store = new MemoryEntityStore(new SteppingTimeProvider(BenchInputs.Now, TimeSpan.FromSeconds(10)));

        // Reach the steady state, and prove the limits never refuse (a refusal would be a cheaper path).
        for (var i = 0; i < 20_000; i++)
        {
            if (!await AcquireThenSettleInMemoryStore())
            {
                throw new InvalidOperationException($"the store refused or lost the lease at operation {i}; raise the benchmark limits");
            }
        }
    }

    [Benchmark]
    public CredentialState AcquireThenSettle()
    {
        var acquired = CredentialTransitions.Acquire(_state, _acquire, BenchInputs.Now);
        return CredentialTransitions.Settle(acquired.State, _settle, BenchInputs.Now + TimeSpan.FromSeconds(2)).State;
    }

    [Benchmark]
    public async Task<bool> AcquireThenSettleInMemoryStore()
    {
        var acquired = await _store.AcquireCredentialAsync(_credentialId, _acquire);
        return acquired.Granted && await _store.SettleCredentialAsync(_credentialId, _settle);
    }
}
