using RoutingCluster.Entities;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Credentials;

/// <summary>
/// <c>POST /admin/credentials/{id}/reset</c>: the operator's reset of one credential, one turn of
/// its grain (so every node sees it at once). Clears
/// its cooldown, its disabled mark, its own breaker and what it learned from headers; keeps the
/// window usage the gateway counts against the declared limits and the leases in flight. The
/// provider's breaker, shared by all the provider's keys, is not touched but reported.
/// </summary>
public static class CredentialResetEndpoint
{
    public const string RelativePath = "/credentials/{id}/reset";

    public static string PathFor(string id) => $"{AdminEndpoints.Prefix}/credentials/{Uri.EscapeDataString(id)}/reset";

    public static async Task HandleAsync(
        HttpContext context, string id, ActiveConfig active, FleetClient fleet, FleetView view, AttemptSettler settler, TimeProvider time)
    {
        var config = active.Current;
        if (config.Credentials.FirstOrDefault(c => c.Id == id) is not { } credential)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status404NotFound, "invalid_request_error", "credential_not_found",
                $"No credential `{id}` in the current config; credential ids: {string.Join(", ", config.Credentials.Select(c => c.Id))}. "
                + "They are the `id`s under `credentials:` (plus one per local provider declared without any), also printed by the `check` verb "
                + "and shown in x-routing-credential headers and the `credential` label of /metrics.");
            return;
        }

        var reset = await fleet.ResetCredentialAsync(id, settler.PolicyFor(credential, config));
        var provider = view.Provider(credential.ProviderId);
        var (providerAvailable, providerRetryAt) = ProviderTransitions.Peek(provider, config.Resilience.Breaker, time.GetUtcNow());
        var stillBlocked = reset.StillRefused?.Detail
            ?? (providerAvailable ? null : ProviderBlock(credential.ProviderId, providerRetryAt));
        await context.Response.WriteAsJsonAsync(new CredentialResetReport(
            id, credential.ProviderId, Cleared(reset), reset.CooldownUntil, reset.CooldownReason, reset.DisabledReason,
            reset.Breaker is { } phase ? PhaseName(phase) : null, reset.Learned, stillBlocked is null, stillBlocked));
    }

    private static string ProviderBlock(string provider, DateTimeOffset? retryAt) =>
        retryAt is { } at
            ? $"provider `{provider}` breaker open until {at:HH:mm:ss} (shared by all its credentials; not reset)"
            : $"provider `{provider}` breaker half-open, probe in flight (shared by all its credentials; not reset)";

    private static List<string> Cleared(CredentialReset reset)
    {
        var cleared = new List<string>(4);
        if (reset.CooldownUntil is not null)
        {
            cleared.Add("cooldown");
        }

        if (reset.DisabledReason is not null)
        {
            cleared.Add("disabled");
        }

        if (reset.Breaker is not null)
        {
            cleared.Add("breaker");
        }

        if (reset.Learned)
        {
            cleared.Add("learnedLimits");
        }

        return cleared;
    }

    private static string PhaseName(BreakerPhase phase) => phase switch
    {
        BreakerPhase.Open => "open",
        BreakerPhase.HalfOpen => "half-open",
        _ => "closed",
    };
}
