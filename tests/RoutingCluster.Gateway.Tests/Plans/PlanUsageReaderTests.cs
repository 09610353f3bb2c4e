using System.Text;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Plans;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Plans;

/// <summary>
/// What the gateway reads of a profile's answer: the plan headers, a 429's <c>usage_limit_reached</c>
/// body merged with them, nothing for an API key, and a log line for garbage that never carries a
/// configured secret, even when an upstream echoes one in a header.
/// </summary>
public sealed class PlanUsageReaderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly TestSecret _token = TestEnvironment.SetSecret("oat-secret-" + Guid.NewGuid().ToString("N"));
    private readonly TestSecret _key = TestEnvironment.SetSecret("sk-secret-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLogger<PlanUsageReader> _log = new();
    private readonly GatewayDefinition _config;
    private readonly PlanUsageReader _reader;

    public PlanUsageReaderTests()
    {
        var loaded = ConfigLoader.Load($$"""
            providers:
              - { id: plans, protocol: openai-chat, baseUrl: "http://127.0.0.1:9/v1" }
            credentials:
              - { id: profile, provider: plans, kind: subscription, token: "{{_token.Reference}}" }
              - { id: key, provider: plans, apiKey: "{{_key.Reference}}" }
            models:
              - { id: m, provider: plans, upstreamModel: m, contextWindow: 8000 }
            roles:
              default: { chain: [ { model: m } ] }
            """, "reader.yaml", new EnvironmentSecretResolver(), RegisteredNames.BuiltIn);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        _config = loaded.Definition!;
        _reader = new PlanUsageReader(new ActiveConfig(_config, "reader.yaml"), _log);
    }

    public void Dispose()
    {
        _token.Dispose();
        _key.Dispose();
    }

    [Fact]
    public void Profile429WithUsageLimitReached_HeadersAndBodyMerged()
    {
        var reset = Now.AddHours(2).ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes($$$"""{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached","resets_at":{{{reset}}}}}""");

        var read = _reader.Read(null, Credential("profile"), Headers(("x-codex-primary-used-percent", "100"), ("x-codex-primary-window-minutes", "300")), 429, body, Now);

        var plan = read!.Plan!;
        Assert.True(plan.LimitReached);
        Assert.Equal(("5h", 1.0), (plan.Windows.Single().Name, plan.Windows.Single().Utilization));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(reset), plan.ResetAt);
    }

    [Fact]
    public void ApiKey_PlanHeadersNotRead()
    {
        var read = _reader.Read(null, Credential("key"), Headers(("x-codex-primary-used-percent", "95")), 200, [], Now);

        Assert.Null(read);
    }

    [Fact]
    public void GarbageEchoingASecret_LoggedMasked()
    {
        var read = _reader.Read(null, Credential("profile"), Headers(("x-codex-primary-used-percent", _token.Value), ("x-codex-secondary-used-percent", "40")), 200, [], Now);

        Assert.Equal(0.4, read!.Plan!.Windows.Single().Utilization);
        var entry = Assert.Single(_log.Entries);
        Assert.Contains("x-codex-primary-used-percent", entry, StringComparison.Ordinal);
        Assert.DoesNotContain(_token.Value[..20], entry, StringComparison.Ordinal);
    }

    private CredentialDefinition Credential(string id) => _config.Credentials.Single(c => c.Id == id);

    private static Func<string, string?> Headers(params (string Name, string Value)[] headers)
    {
        var map = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return name => map.GetValueOrDefault(name);
    }
}
