using Microsoft.Extensions.Time.Testing;
using RoutingCluster.Gateway.Tests.Ledger;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Plans;

/// <summary>
/// The worked example of README's "Subscription profiles" section, as written, on a real gateway:
/// only its upstream URL and its secrets are pointed at the mock, which plays both Claude plans.
/// What the text under the example says is what happens.
/// </summary>
public sealed class ReadmeProfilesExampleTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["max-alice", "max-bob", "api-pool"], _time);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Example_ProbesEachPlan_DrainsAliceThenBobThenThePool_BackgroundNeverUsesBob()
    {
        var alice = Plan("max-alice");
        var bob = Plan("max-bob");
        var gateway = await _harness.StartGatewayAsync(ExampleYaml());

        // Nothing is known of either plan at start: each heartbeat sends its one-token probe to haiku-plan.
        await UntilAsync(() => alice.Counted == 1 && bob.Counted == 1, "both heartbeat probes");
        foreach (var key in new[] { "max-alice", "max-bob" }.Select(_harness.Upstream.KeyOf))
        {
            var probe = Assert.Single(_harness.Mock.Requests, r => r.ApiKey == key);
            Assert.Equal(("claude-haiku-4-5", 1), (probe.Model, (int?)probe.Json?["max_tokens"]));
            Assert.Equal("Bearer " + key, probe.Headers["Authorization"]);
        }

        var probes = await UntilProbesInLedgerAsync(gateway, 2);
        Assert.All(probes, p => Assert.Equal(("heartbeat", "", "haiku-plan", 0m), (p.FrontDoor, p.Tenant, p.Model, p.CostUsd)));

        // From now on each answer uses a quarter of the 5 h window.
        alice.Step5h = 0.25;
        bob.Step5h = 0.25;
        var served = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            served.Add((await AskAsync(gateway, "default")).Credential);
        }

        Assert.Equal(["max-alice", "max-alice", "max-alice", "max-alice", "max-bob", "max-bob", "max-bob", "max-bob", "api-pool"], served);

        var (credential, id) = await AskAsync(gateway, "background");
        Assert.Equal("api-pool", credential);
        var record = await LedgerApi.RecordAsync(gateway, null, id);
        var reserved = Assert.Single(record.Skipped, s => s.Credential == "max-bob");
        Assert.Equal(("Reserved", "profile max-bob is reserved for roles default"), (reserved.Reason, reserved.Detail));
    }

    private MockPlan Plan(string credential) => ProfileRequests.Plan(_harness, credential, MockPlanFormat.Anthropic);

    private string ExampleYaml()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var section = readme[readme.IndexOf("\n## Subscription profiles\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = section[start..section.IndexOf("```\n", start, StringComparison.Ordinal)];
        foreach (var (name, credential) in new[] { ("CLAUDE_MAX_ALICE_TOKEN", "max-alice"), ("CLAUDE_MAX_BOB_TOKEN", "max-bob"), ("ANTHROPIC_API_KEY", "api-pool") })
        {
            Assert.Contains($"env:{name}", yaml, StringComparison.Ordinal);
            yaml = yaml.Replace($"env:{name}", _harness.Upstream.ReferenceOf(credential), StringComparison.Ordinal);
        }

        Assert.Contains("https://api.anthropic.com/v1", yaml, StringComparison.Ordinal);
        return yaml.Replace("https://api.anthropic.com/v1", _harness.Mock.AnthropicBaseUrl, StringComparison.Ordinal);
    }

    private static Task<(string Credential, string RequestId)> AskAsync(TestGateway gateway, string role) => ProfileRequests.AskAsync(gateway, role, anthropic: true);

    private static async Task<IReadOnlyList<RoutingCluster.Ledger.LedgerRecord>> UntilProbesInLedgerAsync(TestGateway gateway, int count)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var probes = (await LedgerApi.ListAsync(gateway, null)).Where(r => r.FrontDoor == "heartbeat").ToList();
            if (probes.Count >= count)
            {
                return probes;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < Bound, "the probes never reached the ledger");
            await Task.Delay(20);
        }
    }

    private static Task UntilAsync(Func<bool> condition, string what) => Bounded.UntilAsync(condition, what, Bound);
}
