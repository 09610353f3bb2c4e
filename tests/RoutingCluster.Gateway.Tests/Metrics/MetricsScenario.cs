using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Metrics;

/// <summary>
/// One real gateway over a mock upstream with two keys (rpm 10 each), after three requests: a
/// success on key-a, a fallback (key-a 500, key-b 200) and a 429 (both keys answer 429).
/// key-a has then seen 3 attempts (7 of 10 left), key-b 2 (8 left).
/// </summary>
public sealed partial class MetricsScenario : IAsyncLifetime
{
    private const string Body = """{"model":"default","messages":[{"role":"user","content":"hi"}]}""";

    private GatewayHarness _harness = null!;

    public UpstreamConfig Upstream => _harness.Upstream;

    public TestGateway Gateway => _harness.Gateway;

    public IReadOnlyList<HttpStatusCode> Statuses { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartAsync(["key-a", "key-b"], upstream => upstream.SimpleYaml(limits: "{ rpm: 10 }"));
        var keyA = Upstream.KeyOf("key-a");
        var keyB = Upstream.KeyOf("key-b");
        _harness.Mock.Enqueue(keyA, MockReply.Ok(), MockReply.ServerError(500), MockReply.RateLimited(TimeSpan.FromSeconds(30)));
        _harness.Mock.Enqueue(keyB, MockReply.Ok(), MockReply.RateLimited(TimeSpan.FromSeconds(30)));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var content = new StringContent(Body, Encoding.UTF8, "application/json");
            using var response = await Gateway.Http.PostAsync("/v1/chat/completions", content);
            statuses.Add(response.StatusCode);
        }

        Statuses = statuses;
    }

    /// <summary>The body of <c>GET /metrics</c> once all three requests are recorded (the sink runs
    /// after the response is written, so it may trail the client by a moment; waits at most 10 s).</summary>
    public async Task<string> ScrapeAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var body = await Gateway.Http.GetStringAsync("/metrics");
            var requests = Parse(body).Where(s => s.Name == "routing_requests_total").Sum(s => s.Value);
            if (requests >= 3 || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return body;
            }

            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>The samples of a text exposition (comments skipped).</summary>
    public static IReadOnlyList<MetricSample> Parse(string exposition)
    {
        var samples = new List<MetricSample>();
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            var text = match.Groups["value"].Value;
            var value = text == "+Inf" ? double.PositiveInfinity : double.Parse(text, CultureInfo.InvariantCulture);
            samples.Add(new MetricSample(match.Groups["name"].Value, labels, value));
        }

        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}

public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}
