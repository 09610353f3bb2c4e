namespace RoutingCluster.Entities;

/// <summary>Typed, grain-like calls on credential and provider entities.</summary>
public static class EntityStoreExtensions
{
    public static ValueTask<AcquireResult> AcquireCredentialAsync(this IEntityStore store, string credentialId, AcquireCommand command, CancellationToken cancellationToken = default) =>
        store.ApplyAsync<CredentialState, AcquireResult>(
            EntityKey.Credential(credentialId), (state, now) => CredentialTransitions.Acquire(state, command, now), cancellationToken);

    /// <param name="known">The credential's state as read for ranking; lets a shared store skip a read.</param>
    public static ValueTask<AcquireResult> AcquireCredentialAsync(this IEntityStore store, string credentialId, CredentialState known, AcquireCommand command, CancellationToken cancellationToken = default) =>
        store.ApplyAsync<CredentialState, AcquireResult>(
            EntityKey.Credential(credentialId), known, (state, now) => CredentialTransitions.Acquire(state, command, now), cancellationToken);

    public static ValueTask<bool> SettleCredentialAsync(this IEntityStore store, string credentialId, SettleCommand command, CancellationToken cancellationToken = default) =>
        store.ApplyAsync<CredentialState, bool>(
            EntityKey.Credential(credentialId), (state, now) => CredentialTransitions.Settle(state, command, now), cancellationToken);

    public static ValueTask<CredentialReset> ResetCredentialAsync(this IEntityStore store, string credentialId, CredentialPolicy policy, CancellationToken cancellationToken = default) =>
        store.ApplyAsync<CredentialState, CredentialReset>(
            EntityKey.Credential(credentialId), (state, now) => CredentialTransitions.Reset(state, policy, now), cancellationToken);

    public static ValueTask<int> ReleaseNodeLeasesAsync(this IEntityStore store, string credentialId, string node, CancellationToken cancellationToken = default) =>
        store.ApplyAsync<CredentialState, int>(
            EntityKey.Credential(credentialId), (state, now) => CredentialTransitions.ReleaseNode(state, node, now), cancellationToken);

    public static ValueTask<Refusal?> AdmitProviderAsync(this IEntityStore store, string providerId, string leaseId, DateTimeOffset leaseExpiry, BreakerOptions options, CancellationToken cancellationToken = default) =>
        store.ApplyAsync<ProviderState, Refusal?>(
            EntityKey.Provider(providerId), (state, now) => ProviderTransitions.Admit(state, leaseId, leaseExpiry, options, now), cancellationToken);

    public static ValueTask<bool> CancelProviderProbeAsync(this IEntityStore store, string providerId, string leaseId, CancellationToken cancellationToken = default) =>
        store.ApplyAsync<ProviderState, bool>(
            EntityKey.Provider(providerId), (state, _) => ProviderTransitions.Cancel(state, leaseId), cancellationToken);

    public static ValueTask<bool> SettleProviderAsync(this IEntityStore store, string providerId, string leaseId, AttemptOutcome outcome, BreakerOptions options, CancellationToken cancellationToken = default) =>
        store.ApplyAsync<ProviderState, bool>(
            EntityKey.Provider(providerId), (state, now) => ProviderTransitions.Settle(state, leaseId, outcome, options, now), cancellationToken);
}
