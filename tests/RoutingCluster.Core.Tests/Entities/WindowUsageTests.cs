using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class WindowUsageTests
{
    private static readonly DateTimeOffset Start = CredentialDriver.Start;

    private static WindowUsage Empty() => WindowUsage.Empty(new WindowLimit("minute", TimeSpan.FromMinutes(1), 10, null));

    [Fact]
    public void Prune_BucketPartlyInsideSpan_StillCounted()
    {
        var usage = Empty().Add(Start + TimeSpan.FromSeconds(0.9), 1, 10);

        // 60.5s later the bucket [0s, 1s) still overlaps the span (0.5s, 60.5s]: it must count.
        var pruned = usage.Prune(Start + TimeSpan.FromSeconds(60.5));

        Assert.Equal(1, pruned.Requests);
        Assert.Equal(10, pruned.Tokens);
    }

    [Fact]
    public void Prune_BucketFullyOutsideSpan_Dropped()
    {
        var usage = Empty()
            .Add(Start, 1, 10)
            .Add(Start + TimeSpan.FromSeconds(30), 2, 20);

        var pruned = usage.Prune(Start + TimeSpan.FromSeconds(61));

        Assert.Equal(2, pruned.Requests);
        Assert.Equal(20, pruned.Tokens);
        Assert.Equal(Start + TimeSpan.FromSeconds(91), pruned.NextRelease);
    }

    [Fact]
    public void Add_SameBucket_Accumulates()
    {
        var usage = Empty()
            .Add(Start + TimeSpan.FromMilliseconds(100), 1, 10)
            .Add(Start + TimeSpan.FromMilliseconds(900), 1, 5);

        Assert.Single(usage.Buckets);
        Assert.Equal(2, usage.Requests);
        Assert.Equal(15, usage.Tokens);
    }

    [Fact]
    public void Add_TokenCorrectionForEarlierBucket_AppliedToThatBucket()
    {
        var usage = Empty()
            .Add(Start, 1, 100)
            .Add(Start + TimeSpan.FromSeconds(10), 1, 100)
            .Add(Start, 0, -60);

        Assert.Equal([40L, 100L], usage.Buckets.Select(b => b.Tokens));
        Assert.Equal(2, usage.Requests);
    }

    [Fact]
    public void Add_NegativeCorrectionBeyondReservation_NeverGoesBelowZero()
    {
        var usage = Empty().Add(Start, 1, 100).Add(Start, 0, -500);

        Assert.Equal(0, usage.Tokens);
    }

    [Fact]
    public void Add_CorrectionForBucketAlreadyPruned_Ignored()
    {
        var usage = Empty().Add(Start + TimeSpan.FromSeconds(70), 1, 100);

        var corrected = usage.Add(Start, 0, 500);

        Assert.Equal(100, corrected.Tokens);
        Assert.Single(corrected.Buckets);
    }

    [Fact]
    public void NextRelease_Empty_IsNull() => Assert.Null(Empty().NextRelease);
}
