using RoutingCluster.Entities;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Grains.Tests.Credentials;

/// <summary>
/// Two activations of one credential deciding at the same time, as Orleans may briefly run during a
/// membership change: here two clusters that share the grain state (same service id, same
/// database) but not membership, so each keeps its own activation for the whole test. Every
/// allowance block is written with the version its writer read, so only one activation at a time
/// can extend its allowance: the window limit holds across both. On a key with a concurrency limit
/// each activation claims the state with a write before its first admit, so two activations never
/// both hand out slots.
/// </summary>
public sealed class DuplicateActivationTests : IAsyncLifetime
{
    private static readonly CooldownPolicy Cooldown = new(TimeSpan.FromSeconds(15), TimeSpan.FromHours(1));
    private PostgresTestDatabase _database = null!;
    private ThreeSiloCluster _left = null!;
    private ThreeSiloCluster _right = null!;
    private int _leases;

    public async Task InitializeAsync()
    {
        _database = await ThreeSiloCluster.CreateDatabaseAsync();
        _left = await ThreeSiloCluster.StartAsync(silos: 1, database: _database, serviceId: "split-service");
        _right = await ThreeSiloCluster.StartAsync(silos: 1, database: _database, serviceId: "split-service", time: _left.Time);
    }

    public async Task DisposeAsync()
    {
        await _left.DisposeAsync();
        await _right.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Acquire_TwoActivationsOfferedThreeTimesTheWindow_AdmitNoMoreThanItTogether()
    {
        var policy = new CredentialPolicy(new CredentialLimits(null, [new WindowLimit("10m", TimeSpan.FromMinutes(10), 50, null)]), BreakerOptions.Default, "fingerprint");
        var left = _left.Grains.GetGrain<ICredentialGrain>("split-key");
        var right = _right.Grains.GetGrain<ICredentialGrain>("split-key");

        // Counted by side: the two references are equal (same grain id), only their clusters differ.
        var granted = new int[2];
        ICredentialGrain[] sides = [left, right];
        for (var i = 0; i < 75; i++)
        {
            for (var side = 0; side < 2; side++)
            {
                var grain = sides[side];
                var result = (await grain.Acquire(new AcquireCommand($"lease-{++_leases}", 0, TimeSpan.FromMinutes(1), policy, "node"))).Result;
                if (result.Granted)
                {
                    granted[side]++;
                    await grain.Settle(new SettleCommand(result.Lease!.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 0), policy, Cooldown));
                }
            }
        }

        // Both sides decided (so two activations really were at work), and together they stayed within the window.
        Assert.True(granted[0] > 0 && granted[1] > 0, $"left admitted {granted[0]}, right {granted[1]}");
        Assert.InRange(granted[0] + granted[1], 1, 50);
    }

    [Fact]
    public async Task Acquire_TwoFreshActivationsOfAConcurrencyKeyAtOnce_HoldNoMoreSlotsThanTheLimitTogether()
    {
        var policy = ConcurrencyPolicy(3);
        var grains = new[] { _left.Grains.GetGrain<ICredentialGrain>("fresh-key"), _right.Grains.GetGrain<ICredentialGrain>("fresh-key") };
        // Both activations load the same (empty) state before either admits anything, as on nodes whose fleet views woke them.
        await Task.WhenAll(grains.Select(g => g.Reset(policy).AsTask()));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => AcquireAsync(grains[i % 2], policy)));

        Assert.Equal(3, results.Count(r => r.Granted));
        Assert.All(results.Where(r => !r.Granted), r => Assert.Contains(r.Refusal!.Kind, (RefusalKind[])[RefusalKind.ConcurrencyFull, RefusalKind.Unavailable]));
    }

    [Fact]
    public async Task Acquire_SecondActivationStartsWhileTheFirstHoldsEverySlot_AdmitsNothingUntilTheSlotsAreAccountedFor()
    {
        var policy = ConcurrencyPolicy(3);
        var first = _left.Grains.GetGrain<ICredentialGrain>("busy-key");
        var second = _right.Grains.GetGrain<ICredentialGrain>("busy-key");
        var held = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => AcquireAsync(first, policy)));
        Assert.All(held, r => Assert.True(r.Granted));

        var late = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => AcquireAsync(second, policy)));

        Assert.DoesNotContain(late, r => r.Granted);
    }

    private static CredentialPolicy ConcurrencyPolicy(int slots) =>
        new(new CredentialLimits(slots, []), BreakerOptions.Default, "fingerprint");

    private async Task<AcquireResult> AcquireAsync(ICredentialGrain grain, CredentialPolicy policy) =>
        (await grain.Acquire(new AcquireCommand($"lease-{Interlocked.Increment(ref _leases)}", 0, TimeSpan.FromMinutes(1), policy, "node"))).Result;
}
