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
/// can extend its allowance: the window limit holds across both.
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

        var granted = 0;
        var refusedAsSuperseded = 0;
        for (var i = 0; i < 75; i++)
        {
            foreach (var grain in (ICredentialGrain[])[left, right])
            {
                var result = (await grain.Acquire(new AcquireCommand($"lease-{++_leases}", 0, TimeSpan.FromMinutes(1), policy, "node"))).Result;
                if (result.Granted)
                {
                    granted++;
                    await grain.Settle(new SettleCommand(result.Lease!.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 0), policy, Cooldown));
                }
                else if (result.Refusal!.Kind == RefusalKind.Unavailable)
                {
                    refusedAsSuperseded++;
                }
            }
        }

        Assert.InRange(granted, 1, 50);
        Assert.True(refusedAsSuperseded > 0, "one activation should have lost a write and stopped deciding");
    }
}
