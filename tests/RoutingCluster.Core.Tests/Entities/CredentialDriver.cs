using Xunit;

namespace RoutingCluster.Entities.Tests;

/// <summary>
/// Drives one credential's state through the pure transitions the way the gateway does, with the
/// clock held by the test: every call passes <see cref="Now"/> explicitly.
/// </summary>
internal sealed class CredentialDriver(CredentialPolicy policy)
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(15);

    /// <summary>The cap on learned waits settles use; a test may lower or raise it.</summary>
    public TimeSpan MaxLearnedWait { get; set; } = CooldownPolicy.DefaultMaxLearnedWait;

    private int _nextLease;

    public CredentialState State { get; private set; } = CredentialState.Initial;

    public CredentialPolicy Policy { get; set; } = policy;

    public DateTimeOffset Now { get; set; } = Start;

    public static CredentialDriver With(int? concurrency = null, params WindowLimit[] windows) =>
        new(new CredentialPolicy(new CredentialLimits(concurrency, windows), BreakerOptions.Default, "fp-1"));

    public void Advance(TimeSpan by) => Now += by;

    public AcquireResult Acquire(long reservedTokens = 0, TimeSpan? ttl = null) => AcquireAs($"lease-{++_nextLease}", reservedTokens, ttl);

    /// <summary>An acquire under a lease id the test chooses (a retried or late acquire).</summary>
    public AcquireResult AcquireAs(string leaseId, long reservedTokens = 0, TimeSpan? ttl = null)
    {
        var command = new AcquireCommand(leaseId, reservedTokens, ttl ?? DefaultTtl, Policy);
        var (state, result) = CredentialTransitions.Acquire(State, command, Now);
        State = state;
        return result;
    }

    public Lease AcquireGranted(long reservedTokens = 0, TimeSpan? ttl = null)
    {
        var result = Acquire(reservedTokens, ttl);
        Assert.True(result.Granted, $"expected a grant at {Now:O}, got {result.Refusal}");
        return result.Lease!;
    }

    public bool Settle(string leaseId, AttemptOutcome outcome)
    {
        var (state, settled) = CredentialTransitions.Settle(State, new SettleCommand(leaseId, outcome, Policy, new CooldownPolicy(DefaultCooldown, MaxLearnedWait)), Now);
        State = state;
        return settled;
    }

    public CredentialReset Reset()
    {
        var (state, reset) = CredentialTransitions.Reset(State, Policy, Now);
        State = state;
        return reset;
    }

    /// <summary>Replaces the state by what a grain recovers from <paramref name="checkpoint"/> now.</summary>
    public void Recover(CredentialCheckpoint checkpoint) => State = CredentialTransitions.Recover(checkpoint, Now);

    public CredentialView View(long reservedTokens = 0) => CredentialTransitions.View(State, Policy, reservedTokens, Now);
}
