using System.Net;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Auth;

/// <summary>The <c>keys</c> verb: a minted key, pasted as the line it prints, lets its tenant in; nothing else does.</summary>
public sealed class KeysCommandTests
{
    private static (int Exit, string Output, string Errors) Run(string[] args, string input = "")
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = KeysCommand.Run(args, new StringReader(input), output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    private static (string Key, string Line) Mint(string id)
    {
        var (exit, output, errors) = Run(["new", "--id", id]);
        Assert.Equal((0, ""), (exit, errors));
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var key = Assert.Single(lines, l => l.StartsWith(KeysCommand.KeyPrefix, StringComparison.Ordinal));
        var line = Assert.Single(lines, l => l.StartsWith("- {", StringComparison.Ordinal));
        return (key, line);
    }

    [Fact]
    public void New_MintsADifferentKeyEachTime_AndTheLineHoldsOnlyItsHash()
    {
        var (first, line) = Mint("ci-runner");
        var (second, _) = Mint("ci-runner");

        Assert.NotEqual(first, second);
        Assert.True(first.Length >= 40, first);
        Assert.DoesNotContain(first, line, StringComparison.Ordinal);
        Assert.Matches("^- \\{ id: ci-runner, hash: \"sha256:[0-9a-f]{64}\" \\}$", line);
    }

    [Fact]
    public void Hash_ReadsTheKeyFromStandardInput_AndPrintsTheSameLineAsNew()
    {
        var (key, line) = Mint("laptop");

        var (exit, output, _) = Run(["hash", "--id", "laptop"], key + "\n");

        Assert.Equal(0, exit);
        Assert.Contains(line, output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("new")]
    [InlineData("new|--id|two words")]
    [InlineData("rotate|--id|x")]
    public void BadArguments_Exit2WithUsage(string joined)
    {
        var (exit, output, errors) = Run(joined.Length == 0 ? [] : joined.Split('|'));

        Assert.Equal((2, ""), (exit, output));
        Assert.Contains(KeysCommand.Usage, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_NothingOnStandardInput_Exit2()
    {
        Assert.Equal(2, Run(["hash", "--id", "x"], "  \n").Exit);
    }

    [Fact]
    public async Task MintedLine_PastedIntoTheConfig_LetsTheKeyIn_AndOnlyIt()
    {
        var (key, line) = Mint("pasted");
        await using var harness = await GatewayHarness.StartMockAsync(["key-a"]);
        var gateway = await harness.StartGatewayAsync(harness.Upstream.SimpleYaml(extra: $"tenants:\n  - id: pasters\n    keys:\n      {line}\n"));

        using var admitted = await gateway.Http.SendAsync(ChatRequests.Post(gateway.BaseUrl + "/v1", key, ChatRequests.Body(model: "default")));
        using var refused = await gateway.Http.SendAsync(ChatRequests.Post(gateway.BaseUrl + "/v1", key + "x", ChatRequests.Body(model: "default")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (admitted.StatusCode, refused.StatusCode));
    }
}
