using RoutingCluster.Configuration;
using RoutingCluster.Ledger;
using Xunit;

namespace RoutingCluster.Stats.Tests;

/// <summary>
/// Stats over a hand-built ledger. Every expected number below is worked out by hand in the
/// comments, from the prices in <see cref="Yaml"/> and the records in <see cref="Ledger"/>.
/// </summary>
public sealed class StatsCalculatorTests
{
    // cheap: $1 in / $2 out per 1M tokens; big: $10 in / $30 out. The default role starts with
    // big, so big is the baseline.
    private const string Yaml = """
        providers:
          - { id: sim, protocol: simulated }
        credentials:
          - { id: k1, provider: sim }
          - { id: k2, provider: sim }
        models:
          - { id: cheap, provider: sim, upstreamModel: cheap-1, contextWindow: 8000, price: { input: 1, output: 2 } }
          - { id: big, provider: sim, upstreamModel: big-1, contextWindow: 8000, price: { input: 10, output: 30 } }
        roles:
          default:
            chain:
              - { models: [big, cheap], strategy: priority }
          background:
            chain:
              - { model: cheap }
        """;

    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Since = Now.AddHours(-1);

    private static GatewayDefinition Config()
    {
        var result = ConfigLoader.Load(Yaml, "stats.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Definition!;
    }

    private static LedgerAttempt Attempt(string model, string credential, string outcome) =>
        new(model, model + "-1", "sim", credential, outcome == "Success" ? 200 : 429, outcome, 10, null, null);

    private static LedgerRecord Record(
        string id, DateTimeOffset time, string tenant, string? role, string outcome, string? model, string? credential,
        LedgerAttempt[] attempts, long input, long output, decimal cost, double durationMs) =>
        new(id, time, "n1", tenant, "openai", "whatever", role, role is null ? null : "role", [], attempts, outcome,
            outcome == LedgerOutcomes.Success ? 200 : 502, model, model is null ? null : "sim", credential,
            input, output, 0, cost, false, durationMs, null);

    /// <summary>
    /// r1 background/cheap/k1/t1: 1000 in, 500 out, cost (1000*1 + 500*2)/1M = 0.002, 100 ms.
    /// r2 background/cheap/k2/t1, fell back from k1: 2000 in, 1000 out, cost (2000 + 2000)/1M = 0.004, 300 ms.
    /// r3 default/big/k1/t2: 100 in, 100 out, cost (100*10 + 100*30)/1M = 0.004, 200 ms.
    /// r4 default/t2 failed after big/k1 then cheap/k2: no tokens, no cost, 400 ms.
    /// r5 rejected before routing (no role, no tenant): 1 ms.
    /// r6 background, two hours ago: outside the window.
    /// </summary>
    private static List<LedgerRecord> Ledger() =>
    [
        Record("r1", Now.AddMinutes(-50), "t1", "background", LedgerOutcomes.Success, "cheap", "k1",
            [Attempt("cheap", "k1", "Success")], 1000, 500, 0.002m, 100),
        Record("r2", Now.AddMinutes(-40), "t1", "background", LedgerOutcomes.Success, "cheap", "k2",
            [Attempt("cheap", "k1", "RateLimited"), Attempt("cheap", "k2", "Success")], 2000, 1000, 0.004m, 300),
        Record("r3", Now.AddMinutes(-30), "t2", "default", LedgerOutcomes.Success, "big", "k1",
            [Attempt("big", "k1", "Success")], 100, 100, 0.004m, 200),
        Record("r4", Now.AddMinutes(-20), "t2", "default", LedgerOutcomes.Failed, null, null,
            [Attempt("big", "k1", "ServerError"), Attempt("cheap", "k2", "ServerError")], 0, 0, 0m, 400),
        Record("r5", Now.AddMinutes(-10), "", null, LedgerOutcomes.Rejected, null, null, [], 0, 0, 0m, 1),
        Record("r6", Now.AddHours(-2), "t1", "background", LedgerOutcomes.Success, "cheap", "k1",
            [Attempt("cheap", "k1", "Success")], 5000, 5000, 0.015m, 50),
    ];

    [Fact]
    public void Compute_HandBuiltLedger_TotalCoversEveryCallInTheWindow()
    {
        var report = StatsCalculator.Compute(Ledger(), Config(), Since, Now);

        // r1..r5. Tokens 1000+2000+100 = 3100 in, 500+1000+100 = 1600 out; cost 0.002+0.004+0.004 = 0.010.
        // Durations ascending [1, 100, 200, 300, 400]: p50 rank ceil(2.5) = 3 -> 200, p95 rank ceil(4.75) = 5 -> 400.
        // Fallbacks r2, r4 = 2/5; errors r4 (failed), r5 (rejected) = 2/5.
        // Baseline at big: (3100*10 + 1600*30)/1M = (31000 + 48000)/1M = 0.079; savings 0.079 - 0.010 = 0.069.
        Assert.Equal(5, report.Calls);
        Assert.Equal(
            new StatsRow("total", 5, 3100, 1600, 0.010m, 200, 400, 2, 2, 0.4, 0.4, 0.079m, 0.069m),
            report.Total);
        Assert.Equal(new StatsBaseline("default", "big", 10m, 30m), report.Baseline);
        Assert.Equal(Since, report.Since);
        Assert.Equal(Now, report.Until);
    }

    [Fact]
    public void Compute_HandBuiltLedger_ByRoleLeavesOutRequestsWithoutRole()
    {
        var report = StatsCalculator.Compute(Ledger(), Config(), Since, Now);

        // background r1, r2: 3000 in, 1500 out, 0.006; durations [100, 300]: p50 rank 1 -> 100, p95 rank ceil(1.9) = 2 -> 300;
        //   baseline (3000*10 + 1500*30)/1M = 0.075, savings 0.069.
        // default r3, r4: 100 in, 100 out, 0.004; [200, 400]; baseline (1000 + 3000)/1M = 0.004, savings 0.
        // Equal calls: ordered by name.
        Assert.Equal(
            [
                new StatsRow("background", 2, 3000, 1500, 0.006m, 100, 300, 1, 0, 0.5, 0, 0.075m, 0.069m),
                new StatsRow("default", 2, 100, 100, 0.004m, 200, 400, 1, 1, 0.5, 0.5, 0.004m, 0m),
            ],
            report.ByRole);
    }

    [Fact]
    public void Compute_HandBuiltLedger_ByModelUsesServingModelElseLastAttempt()
    {
        var report = StatsCalculator.Compute(Ledger(), Config(), Since, Now);

        // cheap: r1, r2 served, r4's last attempt: 3000 in, 1500 out, 0.006; [100, 300, 400]:
        //   p50 rank ceil(1.5) = 2 -> 300, p95 rank ceil(2.85) = 3 -> 400; fallbacks r2, r4; errors r4.
        // big: r3 only.
        var byModel = report.ByModel;
        Assert.Equal(2, byModel.Count);
        Assert.Equal(new StatsRow("cheap", 3, 3000, 1500, 0.006m, 300, 400, 2, 1, 2.0 / 3, 1.0 / 3, 0.075m, 0.069m), byModel[0]);
        Assert.Equal(new StatsRow("big", 1, 100, 100, 0.004m, 200, 200, 0, 0, 0, 0, 0.004m, 0m), byModel[1]);
    }

    [Fact]
    public void Compute_HandBuiltLedger_ByCredentialAndTenant()
    {
        var report = StatsCalculator.Compute(Ledger(), Config(), Since, Now);

        // k1: r1, r3: 1100 in, 600 out, 0.006; [100, 200]; baseline (11000 + 18000)/1M = 0.029, savings 0.023.
        // k2: r2, r4 (last attempt): 2000 in, 1000 out, 0.004; [300, 400]; baseline (20000 + 30000)/1M = 0.050, savings 0.046.
        Assert.Equal(
            [
                new StatsRow("k1", 2, 1100, 600, 0.006m, 100, 200, 0, 0, 0, 0, 0.029m, 0.023m),
                new StatsRow("k2", 2, 2000, 1000, 0.004m, 300, 400, 2, 1, 1, 0.5, 0.050m, 0.046m),
            ],
            report.ByCredential);

        // t1: r1, r2 (same as background); t2: r3, r4 (same as default); (none): the rejected r5.
        Assert.Equal(["t1", "t2", "(none)"], report.ByTenant.Select(r => r.Key));
        Assert.Equal(new StatsRow("(none)", 1, 0, 0, 0m, 1, 1, 0, 1, 0, 1, 0m, 0m), report.ByTenant[2]);
        Assert.Equal(report.ByRole[0] with { Key = "t1" }, report.ByTenant[0]);
        Assert.Equal(report.ByRole[1] with { Key = "t2" }, report.ByTenant[1]);
    }

    [Fact]
    public void Compute_EmptyWindow_ZeroTotalsAndNoRows()
    {
        var report = StatsCalculator.Compute(Ledger(), Config(), Now.AddMinutes(-5), Now);

        Assert.Equal(new StatsRow("total", 0, 0, 0, 0m, 0, 0, 0, 0, 0, 0, 0m, 0m), report.Total);
        Assert.Empty(report.ByRole);
        Assert.Empty(report.ByModel);
        Assert.Empty(report.ByCredential);
        Assert.Empty(report.ByTenant);
    }

    [Fact]
    public void Compute_NoUntil_CountsEverythingSince()
    {
        var report = StatsCalculator.Compute(Ledger(), Config(), Now.AddHours(-3));

        // r1..r6; cost 0.010 + 0.015.
        Assert.Equal(6, report.Calls);
        Assert.Equal(0.025m, report.Total.CostUsd);
        Assert.Null(report.Until);
    }

    [Fact]
    public void Compute_LongMaxValueRecords_SaturatesInsteadOfOverflowing()
    {
        // As an older version (or a PostgreSQL row) may hold them: absurd tokens and the largest cost.
        var attempts = new[] { Attempt("big", "k1", "Success") };
        var ledger = new List<LedgerRecord>
        {
            Record("a1", Now.AddMinutes(-3), "t1", "default", LedgerOutcomes.Success, "big", "k1", attempts, long.MaxValue, long.MaxValue, decimal.MaxValue, 10),
            Record("a2", Now.AddMinutes(-2), "t1", "default", LedgerOutcomes.Success, "big", "k1", attempts, long.MaxValue, long.MaxValue, decimal.MaxValue, 10),
            Record("a3", Now.AddMinutes(-1), "t1", "default", LedgerOutcomes.Success, "big", "k1", attempts, 100, 100, 0.004m, 10),
        };

        var report = StatsCalculator.Compute(ledger, Config(), Since, Now);

        var total = report.Total;
        Assert.Equal((3L, long.MaxValue, long.MaxValue, decimal.MaxValue), (total.Calls, total.InputTokens, total.OutputTokens, total.CostUsd));
        // The baseline prices each record's tokens at big's $10 in + $30 out: long.MaxValue * 40 / 1M, twice, plus 0.004.
        var perRecord = long.MaxValue * 40m / 1_000_000m;
        Assert.Equal((2 * perRecord) + 0.004m, total.BaselineCostUsd);
        Assert.Equal(total.BaselineCostUsd - decimal.MaxValue, total.SavingsUsd);
        Assert.Equal(long.MaxValue, Assert.Single(report.ByRole).InputTokens);
    }

    [Fact]
    public void Compute_NegativeFiguresInLedger_SumsWithoutOverflow()
    {
        var attempts = new[] { Attempt("big", "k1", "Success") };
        var ledger = new List<LedgerRecord>
        {
            Record("n1", Now.AddMinutes(-2), "t1", "default", LedgerOutcomes.Success, "big", "k1", attempts, long.MinValue, long.MinValue, decimal.MinValue, 10),
            Record("n2", Now.AddMinutes(-1), "t1", "default", LedgerOutcomes.Success, "big", "k1", attempts, long.MinValue, -1, decimal.MinValue, 10),
        };

        var total = StatsCalculator.Compute(ledger, Config(), Since, Now).Total;

        Assert.Equal((long.MinValue, long.MinValue, decimal.MinValue), (total.InputTokens, total.OutputTokens, total.CostUsd));
        Assert.NotNull(total.SavingsUsd);
    }
}
