using RoutingCluster.Configuration;
using RoutingCluster.Tenants;

namespace RoutingCluster.Routing;

/// <summary>
/// Expands a role's chain into candidates and drops those that cannot serve the request whatever
/// their state: a missing capability (tools, vision) or a context window too small for the
/// estimated input plus the requested output. The tenant's policy applies here too, before any
/// upstream is called: credentials another tenant owns are left out without a trace, and candidates
/// its policy excludes are skipped with <see cref="SkipReason.Policy"/>, naming the rule (<see cref="TenantRouting"/>).
/// A subscription profile kept for other roles (<c>reserveFor</c>) is skipped with <see cref="SkipReason.Reserved"/>.
/// </summary>
public static class RoutePlanner
{
    /// <summary>Output tokens reserved when the client sets no cap; settled to the real usage afterwards.</summary>
    public const int DefaultOutputReservation = 1024;

    public static IReadOnlyList<PlannedStep> Plan(GatewayDefinition definition, RouteTarget target, RequestFeatures request, TenantDefinition tenant)
    {
        var steps = new List<PlannedStep>(target.Chain.Count);
        foreach (var step in target.Chain)
        {
            var candidates = new List<Candidate>();
            var skipped = new List<SkippedCandidate>();
            foreach (var modelId in step.ModelIds)
            {
                var served = definition.Models[modelId];
                var provider = definition.Providers[served.ProviderId];
                var output = request.MaxOutputTokens ?? Math.Min(served.MaxOutput ?? DefaultOutputReservation, DefaultOutputReservation);
                foreach (var credential in definition.CredentialsByProvider[served.ProviderId])
                {
                    if (TenantRouting.Hides(tenant, credential))
                    {
                        continue;
                    }

                    var candidate = new Candidate(candidates.Count + skipped.Count, step, served, provider, credential, request.EstimatedInputTokens + output)
                    {
                        ReservedOutputTokens = output,
                    };
                    if (TenantRouting.Excludes(tenant, candidate) is { } rule)
                    {
                        skipped.Add(new SkippedCandidate(candidate, SkipReason.Policy, rule, null));
                    }
                    else if (credential.Plan?.ReserveFor is { } reserved && !reserved.Contains(target.Role))
                    {
                        skipped.Add(new SkippedCandidate(candidate, SkipReason.Reserved,
                            $"profile {credential.Id} is reserved for roles {string.Join(", ", reserved.Order(StringComparer.Ordinal))}", null));
                    }
                    else if (StaticSkip(candidate, request) is { } skip)
                    {
                        skipped.Add(skip);
                    }
                    else
                    {
                        candidates.Add(candidate);
                    }
                }
            }

            steps.Add(new PlannedStep(step, candidates, skipped));
        }

        return steps;
    }

    private static SkippedCandidate? StaticSkip(Candidate candidate, RequestFeatures request)
    {
        var served = candidate.Model;
        if (request.Tools && !served.Capabilities.HasFlag(ModelCapabilities.Tools))
        {
            return new SkippedCandidate(candidate, SkipReason.MissingCapability, $"model {served.Id} does not declare the tools capability", null);
        }

        if (request.Vision && !served.Capabilities.HasFlag(ModelCapabilities.Vision))
        {
            return new SkippedCandidate(candidate, SkipReason.MissingCapability, $"model {served.Id} does not declare the vision capability", null);
        }

        var needed = request.EstimatedInputTokens + (request.MaxOutputTokens ?? 0);
        if (needed > served.ContextWindow)
        {
            return new SkippedCandidate(candidate, SkipReason.ContextTooSmall,
                $"needs about {needed} tokens, model {served.Id} has a {served.ContextWindow}-token context window", null);
        }

        return null;
    }
}
