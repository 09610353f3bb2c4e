using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Gateway.Tracing;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Tracing;

/// <summary>One activity per request with a child per attempt, tagged with the route.</summary>
public sealed class GatewayTracingTests : IAsyncLifetime
{
    private readonly ConcurrentBag<Activity> _stopped = [];
    private ActivityListener _listener = null!;
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
        _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task Post_WithFallback_RequestActivityHasOneChildPerAttempt()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.ServerError(503));

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"default","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var requestId = response.Headers.GetValues("x-routing-request-id").Single();

        var root = Assert.Single(_stopped, a => a.GetTagItem("routing.request_id") as string == requestId);
        Assert.Equal("route openai", root.OperationName);
        Assert.Equal("default", root.GetTagItem("routing.role"));
        Assert.Equal("key-b", root.GetTagItem("routing.credential"));
        var attempts = _stopped.Where(a => a.ParentSpanId == root.SpanId && a.TraceId == root.TraceId).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(["key-a", "key-b"], attempts.Select(a => a.GetTagItem("routing.credential")));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Equal("ServerError", attempts[0].GetTagItem("routing.outcome"));
        Assert.NotEqual(ActivityStatusCode.Error, attempts[1].Status);
    }
}
