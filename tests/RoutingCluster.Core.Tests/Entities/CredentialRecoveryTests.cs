using Xunit;

namespace RoutingCluster.Entities.Tests;

/// <summary>
/// What a credential grain starts from after its activation ended without a clean checkpoint, and
/// how lease ids stay idempotent when a caller gave up on an acquire.
/// </summary>
public sealed class CredentialRecoveryTests
{
    private static readonly AttemptOutcome Ok = new(OutcomeKind.Success, 200, Tokens: 0);
    private static readonly AttemptOutcome GaveUp = new(OutcomeKind.Cancelled);
    private static readonly WindowLimit TenPerMinute = new("minute", TimeSpan.FromMinutes(1), 10, null);

    [Fact]
    public void Recover_UncleanCheckpoint_CountsTheWholeAllowanceAsSpentUntilAFullWindowAfterRecovery()
    {
        var driver = CredentialDriver.With(null, TenPerMinute);
        driver.AcquireGranted();
        driver.AcquireGranted();
        var checkpoint = new CredentialCheckpoint(driver.State, new Allowance(5, 0), null, CredentialDriver.DefaultTtl, Clean: false);

        driver.Advance(TimeSpan.FromSeconds(50));
        driver.Recover(checkpoint);

        // 2 counted + 5 reserved: 3 left, even though the crashed activation may have used fewer.
        for (var i = 0; i < 3; i++)
        {
            driver.AcquireGranted();
        }

        Assert.Equal(RefusalKind.WindowExhausted, driver.Acquire().Refusal!.Kind);

        // The reserved 5 count from the recovery, not from the checkpoint: they outlive the 2 counted before it.
        driver.Advance(TimeSpan.FromSeconds(15));
        Assert.True(driver.Acquire().Granted);
        Assert.True(driver.Acquire().Granted);
        Assert.False(driver.Acquire().Granted);
    }

    [Fact]
    public void Recover_CleanCheckpoint_KeepsTheStateExactly()
    {
        var driver = CredentialDriver.With(2, TenPerMinute);
        var held = driver.AcquireGranted();
        var checkpoint = new CredentialCheckpoint(driver.State, Allowance.None, 2, CredentialDriver.DefaultTtl, Clean: true);

        driver.Recover(checkpoint);

        Assert.Equal(1, driver.View().InFlight);
        Assert.True(driver.Settle(held.Id, Ok));
        Assert.Equal(0, driver.View().InFlight);
    }

    [Fact]
    public void Recover_UncleanWithConcurrency_HoldsEverySlotUntilSettledOrExpired()
    {
        var driver = CredentialDriver.With(3);
        var known = driver.AcquireGranted();
        var checkpoint = new CredentialCheckpoint(driver.State, Allowance.None, 3, TimeSpan.FromSeconds(40), Clean: false);

        driver.Recover(checkpoint);

        Assert.Equal(RefusalKind.ConcurrencyFull, driver.Acquire().Refusal!.Kind);

        // A settle of a lease the crashed activation granted (unknown here) frees one held slot.
        Assert.False(driver.Settle("granted-before-the-crash", Ok));
        Assert.True(driver.Acquire().Granted);
        Assert.False(driver.Acquire().Granted);

        // The known lease settles as itself; the last unknown slot comes back at its TTL.
        Assert.True(driver.Settle(known.Id, Ok));
        Assert.True(driver.Acquire().Granted);
        Assert.False(driver.Acquire().Granted);
        driver.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(2, driver.View().InFlight);
    }

    [Fact]
    public void Acquire_SameLeaseIdTwice_HoldsOneSlot()
    {
        var driver = CredentialDriver.With(2);

        var first = driver.AcquireAs("retried");
        var second = driver.AcquireAs("retried");

        Assert.True(first.Granted && second.Granted);
        Assert.Equal(first.Lease, second.Lease);
        Assert.Equal(1, driver.View().InFlight);
    }

    [Fact]
    public void Acquire_AfterItsLeaseWasReleased_IsRefusedSoNoSlotLeaks()
    {
        var driver = CredentialDriver.With(1);

        // The caller timed out and released the lease id before its acquire reached the grain.
        Assert.False(driver.Settle("late", GaveUp));
        var late = driver.AcquireAs("late");

        Assert.Equal(RefusalKind.Unavailable, late.Refusal!.Kind);
        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Settle_UnknownLeases_RemembersAtMostTheBoundAndForgetsThemAfterTheirLife()
    {
        var driver = CredentialDriver.With(1);
        for (var i = 0; i < CredentialTransitions.MaxTombstones + 10; i++)
        {
            driver.Settle($"gone-{i}", GaveUp);
        }

        Assert.Equal(CredentialTransitions.MaxTombstones, driver.State.Released.Length);
        Assert.True(driver.AcquireAs("gone-0").Granted);
        Assert.True(driver.Settle("gone-0", Ok));

        driver.Advance(CredentialTransitions.TombstoneLife + TimeSpan.FromSeconds(1));
        Assert.True(driver.AcquireAs($"gone-{CredentialTransitions.MaxTombstones + 9}").Granted);
        Assert.Empty(driver.State.Released);
    }

    [Fact]
    public void Adopt_ThenDropRecovered_KeepsOnlyTheLeasesLiveNodesHold()
    {
        var driver = CredentialDriver.With(4);
        driver.Recover(new CredentialCheckpoint(CredentialState.Initial, Allowance.None, 4, CredentialDriver.DefaultTtl, Clean: false));
        Assert.Equal(4, driver.View().InFlight);

        var (adopted, count) = CredentialTransitions.Adopt(driver.State, "node-b", ["held-1", "held-2"], CredentialDriver.DefaultTtl, driver.Now);
        var (reconciled, freed) = CredentialTransitions.DropRecovered(adopted);

        Assert.Equal((2, 2), (count, freed));
        Assert.Equal(["held-1", "held-2"], reconciled.Leases.Select(l => l.Id));
        Assert.All(reconciled.Leases, l => Assert.Equal("node-b", l.Node));
    }

    [Fact]
    public void Adopt_LeaseAlreadyKnownOrReleased_AdoptsNothing()
    {
        var driver = CredentialDriver.With(2);
        var known = driver.AcquireGranted();
        driver.Settle("released", new AttemptOutcome(OutcomeKind.Cancelled));

        var (_, count) = CredentialTransitions.Adopt(driver.State, "node-b", [known.Id, "released"], CredentialDriver.DefaultTtl, driver.Now);

        Assert.Equal(0, count);
    }
}
