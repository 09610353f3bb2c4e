using System.Text;
using Xunit;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.Wire;

public sealed class TokenUsageTests
{
    private static TokenUsage? Read(string json, out bool onlyUsage) => TokenUsage.TryRead(Encoding.UTF8.GetBytes(json), out onlyUsage);

    [Fact]
    public void TryRead_CompletionWithUsage_ReadsCounts()
    {
        var usage = Read("""
            {"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],
             "usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19,"prompt_tokens_details":{"cached_tokens":0}}}
            """, out var onlyUsage);

        Assert.Equal(new TokenUsage(12, 7), usage);
        Assert.Equal(19, usage!.Value.Total);
        Assert.False(onlyUsage);
    }

    [Fact]
    public void TryRead_UsageOnlyChunk_FlagsIt()
    {
        var usage = Read("""{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":40,"total_tokens":43}}""", out var onlyUsage);

        Assert.Equal(new TokenUsage(3, 40), usage);
        Assert.True(onlyUsage);
    }

    [Fact]
    public void TryRead_UsageBeforeEmptyChoices_StillUsageOnly()
    {
        var usage = Read("""{"usage":{"completion_tokens":5,"prompt_tokens":2},"choices":[ ]}""", out var onlyUsage);

        Assert.Equal(new TokenUsage(2, 5), usage);
        Assert.True(onlyUsage);
    }

    [Fact]
    public void TryRead_ContentChunkWithNullUsage_NullAndNotUsageOnly()
    {
        var usage = Read("""{"choices":[{"index":0,"delta":{"content":"hi"}}],"usage":null}""", out var onlyUsage);

        Assert.Null(usage);
        Assert.False(onlyUsage);
    }

    [Fact]
    public void TryRead_WordUsageOnlyInsideContent_Null()
    {
        var usage = Read("""{"choices":[{"delta":{"content":"the \"usage\" field"}}],"x":{"usage":{"prompt_tokens":1}}}""", out var onlyUsage);

        Assert.Null(usage);
        Assert.False(onlyUsage);
    }

    [Fact]
    public void TryRead_EmptyChoicesWithoutUsage_NotUsageOnly()
    {
        Assert.Null(Read("""{"choices":[]}""", out var onlyUsage));
        Assert.False(onlyUsage);
    }

    [Theory]
    [InlineData("""{"usage":{"prompt_tokens":1""")]
    [InlineData("""["usage"]""")]
    [InlineData("""not json "usage" """)]
    public void TryRead_NotAnObject_Null(string json)
    {
        Assert.Null(Read(json, out var onlyUsage));
        Assert.False(onlyUsage);
    }

    [Fact]
    public void TryRead_MissingCounts_Zero()
    {
        Assert.Equal(new TokenUsage(8, 0), Read("""{"usage":{"prompt_tokens":8}}""", out _));
    }

    [Theory]
    [InlineData("""{"usage":{"prompt_tokens":1.5,"completion_tokens":4}}""", 0, 4)]
    [InlineData("""{"usage":{"prompt_tokens":1e23,"completion_tokens":-3}}""", 0, 0)]
    public void TryRead_NonIntegerOrHugeCounts_IgnoredNotThrown(string json, long input, long output)
    {
        var usage = Read(json, out _);

        Assert.Equal(new TokenUsage(input, output), usage);
    }
}
