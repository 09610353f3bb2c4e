using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class ByteSizeParserTests
{
    [Theory]
    [InlineData("4194304", 4194304L)]
    [InlineData("4MiB", 4194304L)]
    [InlineData("512KiB", 524288L)]
    [InlineData("1GiB", 1073741824L)]
    [InlineData("100B", 100L)]
    [InlineData("0", 0L)]
    public void TryParse_SizesAsWritten_Bytes(string text, long expected)
    {
        Assert.True(ByteSizeParser.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("4 MiB")]
    [InlineData("4mb")]
    [InlineData("4MB")]
    [InlineData("1.5MiB")]
    [InlineData("-1")]
    [InlineData("MiB")]
    [InlineData("99999999999999999999")]
    [InlineData("9999999999999GiB")]
    public void TryParse_NotASize_False(string? text)
    {
        Assert.False(ByteSizeParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(4194304L, "4MiB")]
    [InlineData(1572864L, "1536KiB")]
    [InlineData(100L, "100B")]
    [InlineData(0L, "0B")]
    public void Format_Bytes_LargestExactUnit(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSizeParser.Format(bytes));
        Assert.True(ByteSizeParser.TryParse(expected, out var back));
        Assert.Equal(bytes, back);
    }
}
