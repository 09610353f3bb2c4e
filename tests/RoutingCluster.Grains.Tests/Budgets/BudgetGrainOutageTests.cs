using Npgsql;
using RoutingCluster.Grains.Budgets;
using RoutingCluster.Tenants;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Grains.Tests.Budgets;

/// <summary>A budget grain while its database is unreachable: it decides from memory and the cap still holds.</summary>
public sealed class BudgetGrainOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly BudgetLimits TenDollarsAMonth = new(10m, null, BudgetPeriod.Month, "UTC");
    private PostgresTestDatabase _database = null!;
    private LoopbackTcpProxy _proxy = null!;
    private ThreeSiloCluster _cluster = null!;
    private int _leases;

    public async Task InitializeAsync()
    {
        _database = await ThreeSiloCluster.CreateDatabaseAsync();
        var direct = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        _proxy = new LoopbackTcpProxy(direct.Port);
        var proxied = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port };
        _cluster = await ThreeSiloCluster.StartAsync(database: _database, storageConnectionString: proxied.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _proxy.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Reserve_DatabaseCutMidPeriod_ServesFromMemoryAndNeverPastTheCap()
    {
        var grain = _cluster.Grains.GetGrain<IBudgetGrain>("team-o/month");
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await grain.Reserve(Command(1m))).Granted);
        }

        _proxy.Cut();

        // Until its first write fails the grain refuses as unavailable; then it decides from memory.
        var granted = 0;
        var deadline = DateTime.UtcNow + Bound;
        BudgetDecision decision;
        do
        {
            decision = await grain.Reserve(Command(1m));
            if (decision.Granted)
            {
                granted++;
            }
        }
        while (decision.Verdict != BudgetVerdict.Exceeded && DateTime.UtcNow < deadline);

        Assert.Equal(BudgetVerdict.Exceeded, decision.Verdict);
        Assert.Equal(5, granted);
        Assert.Equal(10m, (await grain.Standing(TenDollarsAMonth)).Committed.Usd);
    }

    private BudgetReserveCommand Command(decimal usd) =>
        new($"lease-{Interlocked.Increment(ref _leases)}", new BudgetAmount(usd, 0), TimeSpan.FromMinutes(1), TenDollarsAMonth);
}
