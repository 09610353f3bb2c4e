using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Budgets;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;
using RoutingCluster.Tenants;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Budgets;

public sealed class BudgetEstimateTests
{
    // $3 per million input tokens, $15 per million output tokens.
    private static readonly Candidate Priced = new(0,
        new StepDefinition(1, ["m1"], StrategyNames.Priority),
        new ModelDefinition("m1", "p", "up-m1", 8000, null, ModelCapabilities.None, 3m, 15m),
        new ProviderDefinition("p", ProviderProtocol.Simulated, null, "default", ProviderClass.Local, null, CooldownPolicy.DefaultMaxLearnedWait),
        new CredentialDefinition("k", "p", null, CredentialLimits.Unlimited, "fp"),
        ReservedTokens: 3_000)
    {
        ReservedOutputTokens = 1_000,
    };

    [Fact]
    public void Of_EstimatedInputPlusReservedOutput_PricedAtTheModelsRates()
    {
        Assert.Equal(new BudgetAmount((2_000 * 3m + 1_000 * 15m) / 1_000_000m, 3_000), BudgetEstimate.Of(Priced));
    }

    [Fact]
    public void Actual_ReportedUsage_PricedAsTheLedgerPricesIt()
    {
        Assert.Equal(new BudgetAmount((100 * 3m + 50 * 15m) / 1_000_000m, 150), BudgetEstimate.Actual(Priced, new TokenUsage(100, 50), 200));
    }

    [Fact]
    public void Actual_AnsweredWithoutUsage_ChargedItsEstimate()
    {
        Assert.Equal(BudgetEstimate.Of(Priced), BudgetEstimate.Actual(Priced, null, 200));
    }

    [Fact]
    public void Actual_FailedWithoutUsage_Released()
    {
        Assert.Null(BudgetEstimate.Actual(Priced, null, 503));
        Assert.Null(BudgetEstimate.Actual(Priced, null, null));
    }

    [Fact]
    public void RequestBudgetsFor_TenantAndKeyWithoutBudgets_NullSoNoBudgetCallIsMade()
    {
        Assert.Null(RequestBudgets.For(TenantDefinition.Anonymous, "anonymous"));
        Assert.False(TenantLimiting.Limits(TenantDefinition.Anonymous));
    }

    [Fact]
    public void RequestBudgetsFor_KeyWithItsOwnBudget_TenantsAndTheKeysOnlyForThatKey()
    {
        var month = new BudgetDefinition("t/month", BudgetPeriod.Month, 50m, null, 0.8, TimeZoneInfo.Utc);
        var day = new BudgetDefinition("t/ci/day", BudgetPeriod.Day, null, 1_000, 0.8, TimeZoneInfo.Utc);
        var tenant = TenantDefinition.Anonymous with { Id = "t", Budgets = [month], KeyBudgets = new Dictionary<string, IReadOnlyList<BudgetDefinition>> { ["ci"] = [day] } };

        Assert.Equal([month, day], RequestBudgets.For(tenant, "ci")!.Definitions);
        Assert.Equal([month], RequestBudgets.For(tenant, "dev")!.Definitions);
    }
}
