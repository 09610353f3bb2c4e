using RoutingCluster.Configuration;
using RoutingCluster.Entities;

namespace RoutingCluster.Routing.Strategies.Tests;

/// <summary>Hand-built ranked candidates: only the fields a strategy reads vary.</summary>
internal static class StrategyTestCandidates
{
    private static readonly StepDefinition Step = new(1, ["m"], StrategyNames.Priority);
    private static readonly ProviderDefinition Provider = new("p", ProviderProtocol.Simulated, null, "default", ProviderClass.Local, null, TimeSpan.FromHours(1));

    public static RankedCandidate Make(
        int order,
        double headroom = 1,
        int inFlight = 0,
        double? latencyMs = null,
        decimal inputPrice = 0,
        decimal outputPrice = 0,
        long reservedInput = 100,
        long reservedOutput = 0)
    {
        var model = new ModelDefinition($"m{order}", "p", "up", 8000, null, ModelCapabilities.None, inputPrice, outputPrice);
        var credential = new CredentialDefinition($"c{order}", "p", null, CredentialLimits.Unlimited, "fp");
        var health = latencyMs is null ? HealthState.Unknown : new HealthState(latencyMs, null, 0, 1);
        var candidate = new Candidate(order, Step, model, Provider, credential, reservedInput + reservedOutput) { ReservedOutputTokens = reservedOutput };
        return new RankedCandidate(candidate, new CredentialView(null, headroom, inFlight, health));
    }

    public static int[] Orders(IEnumerable<RankedCandidate> ranked) => [.. ranked.Select(c => c.Candidate.Order)];
}
