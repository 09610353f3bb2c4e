using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>
/// Reserves an attempt's estimated cost on every budget of its request before it is sent, and
/// settles each to the real cost once the attempt ends. The reservations go out at once; if any
/// budget refuses (or does not answer in time), the others are released and the candidate is
/// skipped, so a cheaper candidate that still fits may serve. Every answer updates the node's
/// <see cref="BudgetBook"/>.
/// </summary>
public sealed class BudgetGuard(FleetGrains grains, BudgetBook book, ILogger<BudgetGuard> logger)
{
    /// <returns>Null when every budget took the reservation; otherwise why the candidate is skipped.</returns>
    public async Task<SkippedCandidate?> ReserveAsync(RequestBudgets budgets, Candidate candidate, string leaseId, GatewayDefinition config, TimeSpan leaseTtl)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(config);
        var estimate = BudgetEstimate.Of(candidate);
        var timeout = config.Cluster.GrainCallTimeout;
        var calls = budgets.Definitions
            .Select(b => ReserveOneAsync(b, new BudgetReserveCommand(leaseId, estimate, leaseTtl, BudgetLimits.Of(b)), timeout))
            .ToArray();
        var decisions = await Task.WhenAll(calls);
        SkippedCandidate? refusal = null;
        var warnings = new List<BudgetWarning>();
        for (var i = 0; i < decisions.Length; i++)
        {
            var budget = budgets.Definitions[i];
            if (decisions[i] is not { } decision)
            {
                refusal ??= new SkippedCandidate(candidate, SkipReason.Unavailable, $"budget {budget.Id} did not answer in {timeout.TotalSeconds:0.#}s", null);
                continue;
            }

            book.Learn(budgets.TenantId, budget, decision.Standing);
            switch (decision.Verdict)
            {
                case BudgetVerdict.Exceeded:
                    refusal = new SkippedCandidate(candidate, SkipReason.BudgetExceeded, BudgetText.Refusal(budget, decision.Standing, estimate), decision.Standing.ResetAt);
                    break;
                case BudgetVerdict.Unavailable:
                    refusal ??= new SkippedCandidate(candidate, SkipReason.Unavailable, $"budget {budget.Id} could not decide in time", null);
                    break;
                default:
                    if (BudgetWarning.Of(budget, decision.Standing) is { } warning)
                    {
                        warnings.Add(warning);
                    }

                    break;
            }
        }

        if (refusal is not null)
        {
            // In the background: a refusal must not wait for the releases. A release that is lost leaves the reservation to its TTL.
            _ = ReleaseAsync(budgets, leaseId, config);
            return refusal;
        }

        budgets.Warnings = warnings;
        return null;
    }

    /// <summary>Settles the attempt on every budget of its request: its real cost, or its release. Never throws.</summary>
    public async Task SettleAsync(RequestBudgets budgets, Candidate candidate, string leaseId, TokenUsage? usage, int? status, GatewayDefinition config)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(config);
        await SettleAllAsync(budgets, leaseId, BudgetEstimate.Actual(candidate, usage, status), config);
    }

    /// <summary>Counts the warnings of a request that was answered (the header went out with them).</summary>
    public void NoteAnswered(RequestBudgets budgets)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        foreach (var warning in budgets.Warnings)
        {
            book.Warned(budgets.TenantId, warning.Budget.Id);
        }
    }

    private Task ReleaseAsync(RequestBudgets budgets, string leaseId, GatewayDefinition config) => SettleAllAsync(budgets, leaseId, null, config);

    private async Task SettleAllAsync(RequestBudgets budgets, string leaseId, BudgetAmount? actual, GatewayDefinition config)
    {
        var timeout = config.Cluster.GrainCallTimeout;
        await Task.WhenAll(budgets.Definitions.Select(async budget =>
        {
            try
            {
                var standing = await grains.Budget(budget.Id)
                    .Settle(new BudgetSettleCommand(leaseId, actual, BudgetLimits.Of(budget))).AsTask().WaitAsync(timeout);
                book.Learn(budgets.TenantId, budget, standing);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
            {
                // The reservation stays until its TTL, then counts as spent: never under-counted.
                Log.BudgetSettleFailed(logger, budget.Id, e.GetType().Name);
            }
        }));
    }

    /// <returns>Null when the grain gave no answer in time (an unknown outcome: the reservation is released).</returns>
    private async Task<BudgetDecision?> ReserveOneAsync(BudgetDefinition budget, BudgetReserveCommand command, TimeSpan timeout)
    {
        try
        {
            return await grains.Budget(budget.Id).Reserve(command).AsTask().WaitAsync(timeout);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            Log.AcquireUnknown(logger, budget.Id, e.GetType().Name);
            return null;
        }
    }
}
