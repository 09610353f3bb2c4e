using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using RoutingCluster.Entities;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Grains.Fleet;
using Xunit;

namespace RoutingCluster.Grains.Tests.Credentials;

/// <summary>The credential grain's invariants on three silos, calls coming from every one of them.</summary>
public sealed class CredentialGrainClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly CooldownPolicy Cooldown = new(TimeSpan.FromSeconds(15), TimeSpan.FromHours(1));
    private ThreeSiloCluster _cluster = null!;
    private int _leases;

    public async Task InitializeAsync() => _cluster = await ThreeSiloCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Acquire_WindowOfferedThreeTimesFromEverySilo_AdmitsExactlyTheLimit()
    {
        var policy = Policy(windows: [new WindowLimit("minute", TimeSpan.FromMinutes(1), 30, null)]);

        var results = await OfferAsync("window-key", policy, perSilo: 30);

        Assert.Equal(30, results.Count(r => r.Granted));
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal(RefusalKind.WindowExhausted, r.Refusal!.Kind));
    }

    [Fact]
    public async Task Acquire_ConcurrencyFromEverySilo_NeverMoreInFlightThanTheLimit()
    {
        var policy = Policy(concurrency: 4);

        var results = await OfferAsync("busy-key", policy, perSilo: 10);
        var granted = results.Where(r => r.Granted).Select(r => r.Lease!).ToList();
        Assert.Equal(4, granted.Count);

        var grain = _cluster.Grains.GetGrain<ICredentialGrain>("busy-key");
        await grain.Settle(new SettleCommand(granted[0].Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 0), policy, Cooldown));
        var again = await OfferAsync("busy-key", policy, perSilo: 3);
        Assert.Equal(1, again.Count(r => r.Granted));
    }

    [Fact]
    public async Task Settle_429ThroughOneSilo_EverySilosViewAndAcquireSeeTheCooldown()
    {
        var policy = Policy(concurrency: 10);
        var observers = new List<RecordingObserver>();
        foreach (var factory in _cluster.SiloFactories())
        {
            var observer = new RecordingObserver();
            observers.Add(observer);
            await factory.GetGrain<ICredentialGrain>("limited-key").Watch(factory.CreateObjectReference<IFleetObserver>(observer), "observer-node", [], policy.Limits);
        }

        var lease = (await _cluster.Grains.GetGrain<ICredentialGrain>("limited-key").Acquire(Command(policy))).Result.Lease!;
        var limited = new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: new RateLimitObservation(RetryAt: _cluster.Time.GetUtcNow().AddSeconds(20)));
        await _cluster.SiloFactories()[0].GetGrain<ICredentialGrain>("limited-key").Settle(new SettleCommand(lease.Id, limited, policy, Cooldown));

        foreach (var observer in observers)
        {
            var pushed = await observer.CooledDown.Task.WaitAsync(Bound);
            Assert.Equal(_cluster.Time.GetUtcNow().AddSeconds(20), pushed.CooldownUntil);
        }

        foreach (var factory in _cluster.SiloFactories())
        {
            var refused = (await factory.GetGrain<ICredentialGrain>("limited-key").Acquire(Command(policy))).Result;
            Assert.Equal(RefusalKind.CoolingDown, refused.Refusal!.Kind);
        }
    }

    [Fact]
    public async Task KillSiloHostingAHotCredential_UnderLoad_NoOvershootAfterReactivationAndSlotsComeBack()
    {
        var policy = Policy(concurrency: 3, windows: [new WindowLimit("10m", TimeSpan.FromMinutes(10), 100, null)]);
        var grain = _cluster.Grains.GetGrain<ICredentialGrain>("hot-key");
        var held = new List<Lease>();
        for (var i = 0; i < 3; i++)
        {
            held.Add((await grain.Acquire(Command(policy))).Result.Lease!);
        }

        var admitted = 3;
        for (var i = 0; i < 37; i++)
        {
            var lease = (await grain.Acquire(Command(policy))).Result;
            Assert.Equal(RefusalKind.ConcurrencyFull, lease.Refusal!.Kind);
        }

        // Free the slots but keep counting the window: 37 more admitted and settled.
        foreach (var lease in held)
        {
            await grain.Settle(new SettleCommand(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 0), policy, Cooldown));
        }

        for (var i = 0; i < 37; i++)
        {
            var result = (await grain.Acquire(Command(policy))).Result;
            Assert.True(result.Granted);
            admitted++;
            await grain.Settle(new SettleCommand(result.Lease!.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 0), policy, Cooldown));
        }

        // Three slots held again when the silo dies.
        held.Clear();
        for (var i = 0; i < 3; i++)
        {
            held.Add((await grain.Acquire(Command(policy))).Result.Lease!);
            admitted++;
        }

        var host = _cluster.HostOf(grain);
        var survivor = _cluster.Cluster.GetActiveSilos().First(s => !s.SiloAddress.Equals(host.SiloAddress));
        await _cluster.Cluster.KillSiloAsync(host);
        var fromSurvivor = survivor.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ICredentialGrain>("hot-key");

        // The new activation holds every slot the dead one may have granted.
        var first = await UntilAnsweredAsync(() => fromSurvivor.Acquire(Command(policy)));
        Assert.Equal(RefusalKind.ConcurrencyFull, first.Result.Refusal!.Kind);

        // A settle of a lease it never saw frees one of them; the rest come back at their TTL.
        await fromSurvivor.Settle(new SettleCommand(held[0].Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 0), policy, Cooldown));
        Assert.True((await fromSurvivor.Acquire(Command(policy))).Result.Granted);
        admitted++;
        _cluster.Time.Advance(Ttl + TimeSpan.FromSeconds(1));

        // Offered far more than is left of the window: never past the limit, short of it by at most one allowance block.
        var afterwards = 0;
        for (var i = 0; i < 200; i++)
        {
            var result = (await fromSurvivor.Acquire(Command(policy))).Result;
            if (result.Granted)
            {
                afterwards++;
                await fromSurvivor.Settle(new SettleCommand(result.Lease!.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 0), policy, Cooldown));
            }
        }

        var total = admitted + afterwards;
        Assert.InRange(total, 100 - (long)Math.Ceiling(100 * Allowance.BlockShare), 100);
    }

    [Fact]
    public async Task KillSiloHostingACredential_EveryLiveNodeReportsItsLeases_UnheldSlotsComeBackAtOnce()
    {
        var policy = Policy(concurrency: 4);
        var grain = _cluster.Grains.GetGrain<ICredentialGrain>("reported-key");
        var kept = (await grain.Acquire(Command(policy))).Result.Lease!;
        var gone = (await grain.Acquire(Command(policy))).Result.Lease!;
        Assert.True((await grain.Acquire(Command(policy))).Result.Granted);

        var host = _cluster.HostOf(grain);
        await _cluster.Cluster.KillSiloAsync(host);
        var survivors = _cluster.Cluster.GetActiveSilos().Where(s => !s.SiloAddress.Equals(host.SiloAddress)).ToList();
        var fromSurvivor = survivors[0].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ICredentialGrain>("reported-key");
        var recovered = await UntilAnsweredAsync(() => fromSurvivor.Acquire(Command(policy)));
        Assert.Equal(RefusalKind.ConcurrencyFull, recovered.Result.Refusal!.Kind);

        // One live node still holds `kept`; nobody holds `gone` or the third any more (their holder died).
        var observer = new RecordingObserver();
        var reference = survivors[0].ServiceProvider.GetRequiredService<IGrainFactory>().CreateObjectReference<IFleetObserver>(observer);
        await UntilAnsweredAsync(() => fromSurvivor.Watch(reference, SiloNames.Of(survivors[0].SiloAddress), [kept.Id], policy.Limits));
        var state = await fromSurvivor.Watch(reference, SiloNames.Of(survivors[1].SiloAddress), [], policy.Limits);

        Assert.Equal([kept.Id], state.Leases.Select(l => l.Id));
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await fromSurvivor.Acquire(Command(policy))).Result.Granted);
        }

        Assert.False((await fromSurvivor.Acquire(Command(policy))).Result.Granted);
        Assert.False((await fromSurvivor.Settle(new SettleCommand(gone.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 0), policy, Cooldown))).Result);
    }

    private async Task<IReadOnlyList<AcquireResult>> OfferAsync(string credentialId, CredentialPolicy policy, int perSilo)
    {
        var calls = new List<Task<CredentialReply<AcquireResult>>>();
        foreach (var factory in _cluster.SiloFactories())
        {
            var grain = factory.GetGrain<ICredentialGrain>(credentialId);
            for (var i = 0; i < perSilo; i++)
            {
                calls.Add(grain.Acquire(Command(policy)).AsTask());
            }
        }

        return [.. (await Task.WhenAll(calls)).Select(r => r.Result)];
    }

    /// <summary>Calls until the cluster answers (while it declares the dead silo dead and reactivates the grain), within a bound.</summary>
    private static async Task<T> UntilAnsweredAsync<T>(Func<ValueTask<T>> call)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            try
            {
                return await call().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is TimeoutException or OrleansException && DateTime.UtcNow < deadline)
            {
                // The call went to the dead silo: the next one is routed again.
            }
        }
    }

    private AcquireCommand Command(CredentialPolicy policy) => new($"lease-{Interlocked.Increment(ref _leases)}", 0, Ttl, policy, "test-node");

    private static CredentialPolicy Policy(int? concurrency = null, WindowLimit[]? windows = null) =>
        new(new CredentialLimits(concurrency, windows ?? []), BreakerOptions.Default, "fingerprint");

    private sealed class RecordingObserver : IFleetObserver
    {
        public TaskCompletionSource<CredentialState> CooledDown { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<CredentialState> Seen { get; } = [];

        public Task CredentialChanged(string credentialId, CredentialState state)
        {
            Seen.Add(state);
            if (state.CooldownUntil is not null)
            {
                CooledDown.TrySetResult(state);
            }

            return Task.CompletedTask;
        }

        public Task ProviderChanged(string providerId, ProviderState state) => Task.CompletedTask;
    }
}
