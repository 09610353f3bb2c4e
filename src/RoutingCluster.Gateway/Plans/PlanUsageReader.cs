using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Plans;

namespace RoutingCluster.Gateway.Plans;

/// <summary>
/// Adds what an answer said of a subscription profile's plan to what it said of the key's limits:
/// the plan headers (Anthropic's unified set, Codex's, the profile's own mapping) and, on a 429, a
/// <c>usage_limit_reached</c> error body. Values that cannot be read are logged once per answer
/// (header names and values, masked of every configured secret) and left out.
/// </summary>
public sealed class PlanUsageReader(ActiveConfig active, ILogger<PlanUsageReader> logger)
{
    /// <param name="errorBody">The body of an error answer, when it was read (empty otherwise).</param>
    public RateLimitObservation? Read(RateLimitObservation? observed, CredentialDefinition credential, Func<string, string?> header, int status, ReadOnlySpan<byte> errorBody, DateTimeOffset now)
    {
        if (credential.Plan is not { } plan)
        {
            return observed;
        }

        var plain = Observe(credential.Id, plan, header, status, errorBody, now);
        return plain is null ? observed : (observed ?? RateLimitObservation.Empty) with { Plan = plain };
    }

    /// <summary>The plan observation alone (for a heartbeat probe's answer); null when the answer said nothing of the plan.</summary>
    public PlanObservation? Observe(string credentialId, PlanDefinition plan, Func<string, string?> header, int status, ReadOnlySpan<byte> errorBody, DateTimeOffset now)
    {
        var read = PlanHeaders.Parse(header, plan.Mapping, now);
        if (read.Ignored.Count > 0)
        {
            // An upstream could echo anything in a header: the values pass the secret masker first.
            Log.PlanHeadersIgnored(logger, credentialId, SecretMasker.For(active.Current).Apply(string.Join("; ", read.Ignored)));
        }

        var observed = read.Observation;
        if (status == 429 && PlanErrorBody.Read(errorBody, now) is { } refusal)
        {
            observed = (observed ?? refusal) with
            {
                LimitReached = true,
                Status = observed?.Status ?? refusal.Status,
                ResetAt = observed?.ResetAt ?? refusal.ResetAt,
            };
        }

        return observed;
    }
}
