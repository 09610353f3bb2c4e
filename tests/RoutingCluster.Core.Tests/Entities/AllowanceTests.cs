using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class AllowanceTests
{
    private static readonly CredentialLimits RequestsAndTokens = new(null,
    [
        new WindowLimit("minute", TimeSpan.FromMinutes(1), 60, 100_000),
        new WindowLimit("5h", TimeSpan.FromHours(5), 1_000, null),
    ]);

    [Fact]
    public void Block_SeveralWindows_TakesATenthOfTheTightestLimitOfEachKind()
    {
        Assert.Equal(new Allowance(6, 10_000), Allowance.Block(RequestsAndTokens, 500));
    }

    [Fact]
    public void Block_RequestLargerThanATenth_CoversTheRequest()
    {
        Assert.Equal(new Allowance(6, 40_000), Allowance.Block(RequestsAndTokens, 40_000));
    }

    [Fact]
    public void Block_TinyLimit_StillAdmitsOne()
    {
        var limits = new CredentialLimits(null, [new WindowLimit("minute", TimeSpan.FromMinutes(1), 3, null)]);

        Assert.Equal(1, Allowance.Block(limits, 0).Requests);
    }

    [Fact]
    public void Covers_UsedUpToTheBlock_CoversExactlyTheBlock()
    {
        var block = Allowance.Block(RequestsAndTokens, 0);

        Assert.True(block.Covers(RequestsAndTokens, new Allowance(5, 9_000), 1, 1_000));
        Assert.False(block.Covers(RequestsAndTokens, new Allowance(6, 0), 1, 0));
        Assert.False(block.Covers(RequestsAndTokens, new Allowance(0, 9_500), 1, 501));
    }

    [Fact]
    public void Needed_OnlyConcurrencyOrNothingDeclared_NeedsNoAllowance()
    {
        Assert.False(Allowance.Needed(CredentialLimits.Unlimited));
        Assert.False(Allowance.Needed(new CredentialLimits(4, [])));
        Assert.True(Allowance.Needed(RequestsAndTokens));
    }
}
