using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Plans;

namespace RoutingCluster.Gateway.Plans;

/// <summary>
/// <c>GET /admin/profiles</c>: every subscription profile as this node's fleet view holds it (the
/// grains' own states, pushed within milliseconds, refreshed every 5 s): whether it takes work now
/// and if not why, and each window's figure with where it came from and when. Ids only, never a token.
/// </summary>
public static class ProfilesEndpoint
{
    public const string RelativePath = "/profiles";

    public static async Task HandleAsync(HttpContext context, ActiveConfig active, FleetView fleet, AttemptSettler settler, TimeProvider time)
    {
        var config = active.Current;
        var now = time.GetUtcNow();
        var profiles = new List<ProfileReport>();
        foreach (var credential in config.Credentials)
        {
            if (credential.Plan is not { } plan)
            {
                continue;
            }

            var state = fleet.Credential(credential.Id);
            var view = CredentialTransitions.View(state, settler.PolicyFor(credential, config), 0, now);
            var windows = PlanTransitions.Figures(state.Plan, plan.Policy, now)
                .Select(w => new ProfileWindowReport(w.Name, w.Utilization, plan.Policy.SwitchAt(w.Name), w.ResetAt, w.Status, PlanSources.Name(w.Source), w.ObservedAt))
                .ToList();
            profiles.Add(new ProfileReport(
                credential.Id, credential.ProviderId, view.Available, view.Refusal?.Detail, view.Refusal?.RetryAt,
                state.Plan?.Status, state.Plan?.StatusResetAt, state.Plan?.Claim, state.Plan?.LastProbeAt, plan.ReserveFor?.Order(StringComparer.Ordinal).ToList(),
                plan.Heartbeat is { } heartbeat ? DurationParser.Format(heartbeat.Every) : null, windows));
        }

        await context.Response.WriteAsJsonAsync(new ProfilesReport(profiles));
    }

    private sealed record ProfilesReport(IReadOnlyList<ProfileReport> Profiles);

    /// <param name="Available">It would be tried now; otherwise <paramref name="Refusal"/> says why, until <paramref name="RetryAt"/>.</param>
    private sealed record ProfileReport(
        string Id, string Provider, bool Available, string? Refusal, DateTimeOffset? RetryAt,
        string? Status, DateTimeOffset? StatusResetAt, string? Claim, DateTimeOffset? LastProbeAt, IReadOnlyList<string>? ReserveFor, string? HeartbeatEvery,
        IReadOnlyList<ProfileWindowReport> Windows);

    private sealed record ProfileWindowReport(
        string Name, double Utilization, double? SwitchAt, DateTimeOffset? ResetAt, string? Status, string Source, DateTimeOffset? ObservedAt);
}
