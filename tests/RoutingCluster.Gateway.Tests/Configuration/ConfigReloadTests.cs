using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Tests.Support;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Configuration;

/// <summary>Config edits on disk take effect without restart; a bad edit keeps the last good config.</summary>
public sealed class ConfigReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await GatewayHarness.StartAsync(["key-a"], upstream => upstream.SimpleYaml());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task EditConfigFile_ValidChange_NewRoleServesWithoutRestart()
    {
        var active = _harness.Gateway.Services.GetRequiredService<ActiveConfig>();
        var swapped = new TaskCompletionSource<GatewayDefinition>(TaskCreationOptions.RunContinuationsAsynchronously);
        active.Swapped += model => swapped.TrySetResult(model);

        await File.WriteAllTextAsync(_harness.Gateway.ConfigPath, _harness.Upstream.SimpleYaml() + "\n  plan:\n    chain:\n      - { model: m1 }\n");
        var model = await swapped.Task.WaitAsync(Bound);

        Assert.Contains("plan", model.Roles.Keys);
        using var response = await PostAsync("plan");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("plan", response.Headers.GetValues("x-routing-role").Single());
    }

    [Fact]
    public async Task EditConfigFile_InvalidChange_RejectedWithEveryErrorAndOldConfigKeepsServing()
    {
        var active = _harness.Gateway.Services.GetRequiredService<ActiveConfig>();
        var rejected = new TaskCompletionSource<IReadOnlyList<ConfigError>>(TaskCreationOptions.RunContinuationsAsynchronously);
        active.Rejected += errors => rejected.TrySetResult(errors);
        var before = active.Current;

        var broken = _harness.Upstream.SimpleYaml().Replace("strategy: priority", "strategy: fastest", StringComparison.Ordinal)
            .Replace("contextWindow: 16000", "contextWindow: -5", StringComparison.Ordinal);
        await File.WriteAllTextAsync(_harness.Gateway.ConfigPath, broken);
        var errors = await rejected.Task.WaitAsync(Bound);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Path.Contains("strategy", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path.Contains("contextWindow", StringComparison.Ordinal));
        Assert.Same(before, active.Current);
        using var response = await PostAsync("default");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string model) =>
        _harness.Http.PostAsync("/v1/chat/completions", new StringContent(
            $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
}
