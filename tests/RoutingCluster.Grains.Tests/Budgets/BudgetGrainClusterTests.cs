using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Entities;
using RoutingCluster.Grains.Budgets;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Tenants;
using Xunit;

namespace RoutingCluster.Grains.Tests.Budgets;

/// <summary>The budget grain's invariants, and the tenant limiter's, on three silos with calls from every one of them.</summary>
public sealed class BudgetGrainClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly BudgetLimits TenDollarsADay = new(10m, null, BudgetPeriod.Day, "Europe/Berlin");
    private ThreeSiloCluster _cluster = null!;
    private int _leases;

    public async Task InitializeAsync() => _cluster = await ThreeSiloCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Reserve_TwiceTheBudgetOfferedConcurrentlyFromEverySilo_AdmittedSpendWithinCapPlusEstimateError()
    {
        // 48 reservations of $0.25 offered at once (twice the $10 cap); each admitted one settles 10% above its estimate.
        var offered = await OfferAsync("team-a/day", TenDollarsADay, 0.25m, perSilo: 16);
        var granted = offered.Where(o => o.Decision.Granted).ToList();
        Assert.Equal(40, granted.Count);
        Assert.All(offered.Where(o => !o.Decision.Granted), o => Assert.Equal(BudgetVerdict.Exceeded, o.Decision.Verdict));

        var grain = _cluster.Grains.GetGrain<IBudgetGrain>("team-a/day");
        foreach (var (lease, _) in granted)
        {
            await grain.Settle(new BudgetSettleCommand(lease, new BudgetAmount(0.275m, 0), TenDollarsADay));
        }

        var standing = await grain.Standing(TenDollarsADay);
        var estimateError = granted.Count * 0.025m;
        Assert.InRange(standing.Spent.Usd, 0m, TenDollarsADay.Usd!.Value + estimateError);
        Assert.Equal(11m, standing.Spent.Usd);
        Assert.False((await grain.Reserve(Command(TenDollarsADay, 0.01m))).Granted);
    }

    [Fact]
    public async Task Reserve_AtLocalMidnight_SpendStartsAgainFromZero()
    {
        // The cluster's clock starts at 2026-12-01 00:00 UTC, 01:00 in Berlin; that day ends at 23:00 UTC.
        var grain = _cluster.Grains.GetGrain<IBudgetGrain>("team-b/day");
        var first = await grain.Reserve(Command(TenDollarsADay, 10m));
        Assert.True(first.Granted);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero), first.Standing.ResetAt);
        Assert.Equal(BudgetVerdict.Exceeded, (await grain.Reserve(Command(TenDollarsADay, 0.01m))).Verdict);

        _cluster.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 22, 59, 59, TimeSpan.Zero));
        Assert.Equal(BudgetVerdict.Exceeded, (await grain.Reserve(Command(TenDollarsADay, 0.01m))).Verdict);

        _cluster.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero));
        var fresh = await grain.Reserve(Command(TenDollarsADay, 9m));
        Assert.True(fresh.Granted);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero), fresh.Standing.ResetAt);
    }

    [Fact]
    public async Task KillSiloHostingABudget_MidPeriod_RecoveredGrainNeverAdmitsPastTheCap()
    {
        var limits = new BudgetLimits(null, 10_000, BudgetPeriod.Month, "Europe/Berlin");
        var grain = _cluster.Grains.GetGrain<IBudgetGrain>("team-c/month");
        long admitted = 0;

        // 33, not a multiple of five: the last writes (each at half a block of 1000 tokens) leave the last three unwritten.
        for (var i = 0; i < 33; i++)
        {
            var decision = await grain.Reserve(Command(limits, 0m, tokens: 100));
            Assert.True(decision.Granted);
            admitted += 100;
        }

        var host = _cluster.HostOf(grain);
        var survivor = _cluster.Cluster.GetActiveSilos().First(s => !s.SiloAddress.Equals(host.SiloAddress));
        await _cluster.Cluster.KillSiloAsync(host);
        var fromSurvivor = survivor.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IBudgetGrain>("team-c/month");

        // The in-flight reservations and the lost block count as spent: what is admitted afterwards
        // never takes the total past the cap, and falls short of it by at most one block.
        var first = await UntilAnsweredAsync(() => fromSurvivor.Standing(limits));
        Assert.True(first.Committed.Tokens >= admitted);
        long afterwards = 0;
        for (var i = 0; i < 200; i++)
        {
            if ((await fromSurvivor.Reserve(Command(limits, 0m, tokens: 100))).Granted)
            {
                afterwards += 100;
            }
        }

        Assert.InRange(admitted + afterwards, 10_000 - (long)(10_000 * BudgetBlock.Share), 10_000);
    }

    [Fact]
    public async Task TenantLimiter_ConcurrencyFromEverySilo_NeverMoreInFlightThanTheLimit()
    {
        var tenant = TenantDefinition.Anonymous with { Id = "team-d", Limits = new CredentialLimits(4, []) };
        var policy = TenantLimiting.Policy(tenant);
        var key = TenantLimiting.GrainKey(tenant.Id);
        var calls = new List<Task<CredentialReply<AcquireResult>>>();
        foreach (var factory in _cluster.SiloFactories())
        {
            for (var i = 0; i < 10; i++)
            {
                calls.Add(factory.GetGrain<ICredentialGrain>(key).Acquire(new AcquireCommand($"t-{Interlocked.Increment(ref _leases)}", 0, Ttl, policy, "node")).AsTask());
            }
        }

        var results = (await Task.WhenAll(calls)).Select(r => r.Result).ToList();
        Assert.Equal(4, results.Count(r => r.Granted));
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal(RefusalKind.ConcurrencyFull, r.Refusal!.Kind));

        var grain = _cluster.Grains.GetGrain<ICredentialGrain>(key);
        var cooldown = new CooldownPolicy(TimeSpan.FromSeconds(15), TimeSpan.FromHours(1));
        await grain.Settle(new SettleCommand(results.First(r => r.Granted).Lease!.Id, new AttemptOutcome(OutcomeKind.Success, 200, 0), policy, cooldown));
        var after = await Task.WhenAll(_cluster.SiloFactories().Select(f =>
            f.GetGrain<ICredentialGrain>(key).Acquire(new AcquireCommand($"t-{Interlocked.Increment(ref _leases)}", 0, Ttl, policy, "node")).AsTask()));
        Assert.Equal(1, after.Count(r => r.Result.Granted));
    }

    private async Task<IReadOnlyList<(string Lease, BudgetDecision Decision)>> OfferAsync(string budgetId, BudgetLimits limits, decimal usd, int perSilo)
    {
        var calls = new List<Task<(string, BudgetDecision)>>();
        foreach (var factory in _cluster.SiloFactories())
        {
            var grain = factory.GetGrain<IBudgetGrain>(budgetId);
            for (var i = 0; i < perSilo; i++)
            {
                var command = Command(limits, usd);
                calls.Add(ReserveAsync(grain, command));
            }
        }

        return await Task.WhenAll(calls);
    }

    private static async Task<(string, BudgetDecision)> ReserveAsync(IBudgetGrain grain, BudgetReserveCommand command) =>
        (command.LeaseId, await grain.Reserve(command));

    private BudgetReserveCommand Command(BudgetLimits limits, decimal usd, long tokens = 0) =>
        new($"lease-{Interlocked.Increment(ref _leases)}", new BudgetAmount(usd, tokens), Ttl, limits);

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
}
