using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Auth;

/// <summary>The gateway-key scheme: the principal it builds, and keys that change on reload.</summary>
public sealed class GatewayKeyAuthenticationTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;
    private TestSecret _gatewayKey = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartAsync(["key-a"], upstream => upstream.SimpleYaml());
        _gatewayKey = _harness.SetSecret($"gw-{Guid.NewGuid():N}");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Get_KeysAddedByReload_NeededFromTheNextRequest()
    {
        using var before = await _harness.Gateway.Http.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var keyed = ConfigLoader.Load(_harness.Upstream.SimpleYaml(extra: TenantYaml.Team(_gatewayKey.Reference)), "keyed.yaml", new EnvironmentSecretResolver(), RegisteredNames.BuiltIn);
        _harness.Gateway.Services.GetRequiredService<ActiveConfig>().Swap(keyed.Definition!);

        using var refused = await _harness.Gateway.Http.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("invalid_api_key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/cluster");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _gatewayKey.Value);
        using var admitted = await _harness.Gateway.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }
}
