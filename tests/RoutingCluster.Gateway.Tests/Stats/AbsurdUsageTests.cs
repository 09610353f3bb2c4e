using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Stats;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Ledger;
using RoutingCluster.Stats;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Stats;

/// <summary>
/// An upstream that reports <c>long.MaxValue</c> tokens, in a JSON body and in a stream's usage chunk:
/// the ledger keeps the figures bounded by the model (m1: context window 16000, no max output, so at
/// most 32000 per figure) and the stats keep answering.
/// </summary>
public sealed class AbsurdUsageTests : IAsyncLifetime
{
    private const long Bound = 32_000;
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartAsync(["key-a"], upstream => upstream.SimpleYaml());
        _harness.Mock.SetDefault(MockReply.Ok(promptTokens: long.MaxValue, completionTokens: long.MaxValue));
        await PostAsync(stream: false);
        await PostAsync(stream: true);
        await WaitForLedgerAsync(2);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task AdminStats_AfterLongMaxValueUsage_200WithClampedFigures()
    {
        using var response = await _harness.Http.GetAsync("/admin/stats?since=1h");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<StatsReport>(JsonSerializerOptions.Web);
        Assert.Equal((2L, 2 * Bound, 2 * Bound), (report!.Total.Calls, report.Total.InputTokens, report.Total.OutputTokens));
        var ledger = await Ledger().QueryAsync(new LedgerQuery(Limit: 10));
        Assert.All(ledger, r => Assert.Equal((Bound, Bound), (r.InputTokens, r.OutputTokens)));
    }

    [Fact]
    public async Task StatsVerb_AfterLongMaxValueUsage_PrintsClampedFigures()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await StatsCommand.RunAsync(["--url", _harness.Gateway.BaseUrl, "--since", "1h"], output, errors);

        Assert.True(exit == 0, errors.ToString());
        var total = Assert.Single(output.ToString().Split('\n'), l => l.StartsWith("total ", StringComparison.Ordinal));
        Assert.Matches(@"^total +2 +64000 +64000 ", total);
    }

    private ILedger Ledger() => (ILedger)_harness.Gateway.Services.GetService(typeof(ILedger))!;

    private async Task PostAsync(bool stream)
    {
        var body = ChatRequests.Body(model: "default", stream: stream, includeUsage: stream);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await _harness.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();
    }

    /// <summary>The ledger record is appended after the last byte reaches the client, so the test can be a moment early.</summary>
    private async Task WaitForLedgerAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Ledger().QueryAsync(new LedgerQuery(Limit: 100))).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the ledger did not reach {count} records");
            await Task.Delay(10);
        }
    }
}
