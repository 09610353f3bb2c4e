using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class MemoryEntityStoreTests
{
    private const int Tasks = 8;
    private const int AcquiresPerTask = 200;

    private static CredentialPolicy Policy(CredentialLimits limits) => new(limits, BreakerOptions.Default, "fp");

    private static async Task<int> CountGrantsUnderParallelLoad(IEntityStore store, CredentialPolicy policy)
    {
        using var start = new ManualResetEventSlim(false);
        var workers = Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            start.Wait();
            var granted = 0;
            for (var i = 0; i < AcquiresPerTask; i++)
            {
                var result = await store.AcquireCredentialAsync("key", new AcquireCommand($"t{t}-{i}", 10, TimeSpan.FromMinutes(5), policy));
                granted += result.Granted ? 1 : 0;
            }

            return granted;
        })).ToArray();
        start.Set();
        return (await Task.WhenAll(workers)).Sum();
    }

    [Fact]
    public async Task ApplyAsync_ParallelAcquiresAgainstConcurrencyLimit_GrantExactlyTheLimit()
    {
        var store = new MemoryEntityStore(new FakeTimeProvider());

        var granted = await CountGrantsUnderParallelLoad(store, Policy(new CredentialLimits(37, [])));

        Assert.Equal(37, granted);
        var state = await store.ReadAsync<CredentialState>(EntityKey.Credential("key"));
        Assert.Equal(37, state.Leases.Length);
        Assert.Equal(37, state.Leases.Select(l => l.Id).Distinct().Count());
    }

    [Fact]
    public async Task ApplyAsync_ParallelAcquiresAgainstWindowLimit_GrantExactlyTheLimit()
    {
        var store = new MemoryEntityStore(new FakeTimeProvider());
        var limits = new CredentialLimits(null, [new WindowLimit("minute", TimeSpan.FromMinutes(1), 123, null)]);

        var granted = await CountGrantsUnderParallelLoad(store, Policy(limits));

        Assert.Equal(123, granted);
    }

    [Fact]
    public async Task ApplyAsync_EveryTransition_BumpsVersionOnce()
    {
        var store = new MemoryEntityStore(new FakeTimeProvider());

        await CountGrantsUnderParallelLoad(store, Policy(new CredentialLimits(5, [])));

        var state = await store.ReadAsync<CredentialState>(EntityKey.Credential("key"));
        Assert.Equal(Tasks * AcquiresPerTask, state.Version);
    }

    [Fact]
    public async Task ReadAsync_NeverWritten_InitialState()
    {
        var store = new MemoryEntityStore(new FakeTimeProvider());

        var state = await store.ReadAsync<CredentialState>(EntityKey.Credential("nobody"));

        Assert.Same(CredentialState.Initial, state);
        Assert.Equal(0, state.Version);
    }

    [Fact]
    public async Task ApplyAsync_DifferentEntities_KeptApart()
    {
        var store = new MemoryEntityStore(new FakeTimeProvider());
        var policy = Policy(new CredentialLimits(1, []));

        Assert.True((await store.AcquireCredentialAsync("a", new AcquireCommand("1", 0, TimeSpan.FromMinutes(1), policy))).Granted);
        Assert.True((await store.AcquireCredentialAsync("b", new AcquireCommand("2", 0, TimeSpan.FromMinutes(1), policy))).Granted);
        Assert.False((await store.AcquireCredentialAsync("a", new AcquireCommand("3", 0, TimeSpan.FromMinutes(1), policy))).Granted);

        Assert.Equal(2, (await store.ReadAsync<CredentialState>(EntityKey.Credential("a"))).Version);
        Assert.Equal(1, (await store.ReadAsync<CredentialState>(EntityKey.Credential("b"))).Version);
        Assert.Equal(0, (await store.ReadAsync<ProviderState>(EntityKey.Provider("a"))).Version);
    }

    [Fact]
    public async Task ApplyAsync_UsesStoreClock_LeaseExpiresWhenClockPassesTtl()
    {
        var time = new FakeTimeProvider();
        var store = new MemoryEntityStore(time);
        var policy = Policy(new CredentialLimits(1, []));
        var lease = (await store.AcquireCredentialAsync("a", new AcquireCommand("1", 0, TimeSpan.FromSeconds(30), policy))).Lease!;
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(30), lease.ExpiresAt);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False((await store.AcquireCredentialAsync("a", new AcquireCommand("2", 0, TimeSpan.FromSeconds(30), policy))).Granted);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await store.AcquireCredentialAsync("a", new AcquireCommand("3", 0, TimeSpan.FromSeconds(30), policy))).Granted);
    }

    [Fact]
    public async Task ApplyAsync_Cancelled_DoesNotApply()
    {
        var store = new MemoryEntityStore(new FakeTimeProvider());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await store.AcquireCredentialAsync("a", new AcquireCommand("1", 0, TimeSpan.FromSeconds(30), Policy(CredentialLimits.Unlimited)), cancelled.Token));

        Assert.Equal(0, (await store.ReadAsync<CredentialState>(EntityKey.Credential("a"))).Version);
    }
}
