using RoutingCluster.Entities;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Grains.Credentials;

namespace RoutingCluster.Gateway.Fleet;

/// <summary>
/// The front end's calls on credential and provider grains. Every answer updates the
/// <see cref="FleetView"/>. An acquire that gets no answer within the grain-call timeout is an
/// unknown outcome: the attempt is refused as <see cref="RefusalKind.Unavailable"/> (the walk moves
/// on) and the lease id is released on the grain, which refuses the acquire should it arrive later.
/// An acquire the runtime refuses at once (a grain moving during a membership change) is sent again,
/// up to <see cref="RuntimeRefusalAttempts"/> times, under the same lease id, which cannot take a second slot.
/// </summary>
public sealed class FleetClient(FleetGrains grains, FleetView view, ILogger<FleetClient> logger)
{
    /// <summary>How many times an acquire the runtime refuses at once is sent before it counts as unknown.</summary>
    public const int RuntimeRefusalAttempts = 3;

    private static readonly AttemptOutcome GaveUp = new(OutcomeKind.Cancelled);

    public async Task<AcquireResult> AcquireAsync(string credentialId, AcquireCommand command, TimeSpan timeout, CooldownPolicy cooldown)
    {
        var grain = grains.Credential(credentialId);
        try
        {
            CredentialReply<AcquireResult>? reply = null;
            for (var attempt = 1; reply is null; attempt++)
            {
                try
                {
                    reply = await grain.Acquire(command).AsTask().WaitAsync(timeout);
                }
                catch (OrleansException) when (attempt < RuntimeRefusalAttempts)
                {
                    // Refused by the runtime at once (the grain was moving while membership changed):
                    // try again. The same lease id holds one slot however often it is acquired.
                }
            }

            view.Update(credentialId, reply.State);
            return reply.Result;
        }
        catch (Exception e) when (IsUnknownOutcome(e))
        {
            Log.AcquireUnknown(logger, credentialId, e.GetType().Name);
            _ = ReleaseQuietlyAsync(credentialId, new SettleCommand(command.LeaseId, GaveUp, command.Policy, cooldown), timeout);
            return AcquireResult.Refuse(new Refusal(RefusalKind.Unavailable, null, $"credential {credentialId} did not answer its acquire in {timeout.TotalSeconds:0.#}s"));
        }
    }

    /// <param name="timeout">A settle not answered in time is given up (its lease comes back at its TTL), so no walk waits on a frozen node.</param>
    public async Task SettleCredentialAsync(string credentialId, SettleCommand command, TimeSpan timeout)
    {
        var reply = await grains.Credential(credentialId).Settle(command).AsTask().WaitAsync(timeout);
        view.Update(credentialId, reply.State);
    }

    public async Task<CredentialReset> ResetCredentialAsync(string credentialId, CredentialPolicy policy)
    {
        var reply = await grains.Credential(credentialId).Reset(policy);
        view.Update(credentialId, reply.State);
        return reply.Result;
    }

    /// <returns>Null when a probe slot was taken; otherwise why not.</returns>
    public async Task<Refusal?> AdmitProviderAsync(string providerId, string leaseId, DateTimeOffset leaseExpiry, BreakerOptions options, TimeSpan timeout)
    {
        try
        {
            var reply = await grains.Provider(providerId).Admit(leaseId, leaseExpiry, options).AsTask().WaitAsync(timeout);
            view.Update(providerId, reply.State);
            return reply.Result;
        }
        catch (Exception e) when (IsUnknownOutcome(e))
        {
            Log.AcquireUnknown(logger, providerId, e.GetType().Name);
            _ = CancelProviderProbeAsync(providerId, leaseId, timeout);
            return new Refusal(RefusalKind.Unavailable, null, $"provider {providerId} did not answer its probe admission in {timeout.TotalSeconds:0.#}s");
        }
    }

    /// <summary>Gives a probe slot back; never throws (a slot that cannot be given back comes back at its TTL).</summary>
    public async Task CancelProviderProbeAsync(string providerId, string leaseId, TimeSpan timeout)
    {
        try
        {
            var reply = await grains.Provider(providerId).Cancel(leaseId).AsTask().WaitAsync(timeout);
            view.Update(providerId, reply.State);
        }
        catch (Exception e) when (IsUnknownOutcome(e))
        {
            Log.ReleaseFailed(logger, providerId, e.GetType().Name);
        }
    }

    public async Task SettleProviderAsync(string providerId, string leaseId, AttemptOutcome outcome, BreakerOptions options, TimeSpan timeout)
    {
        var reply = await grains.Provider(providerId).Settle(leaseId, outcome, options).AsTask().WaitAsync(timeout);
        view.Update(providerId, reply.State);
    }

    /// <summary>A timeout, or the cluster failing to deliver the call: the grain may or may not have decided.</summary>
    private static bool IsUnknownOutcome(Exception e) => e is TimeoutException or OrleansException or OperationCanceledException;

    private async Task ReleaseQuietlyAsync(string credentialId, SettleCommand release, TimeSpan timeout)
    {
        try
        {
            await SettleCredentialAsync(credentialId, release, timeout);
        }
        catch (Exception e) when (IsUnknownOutcome(e))
        {
            // The lease, if the acquire ever lands, comes back at its TTL.
            Log.ReleaseFailed(logger, credentialId, e.GetType().Name);
        }
    }
}
