using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>Base of test classes that run one gateway on a <see cref="TwoProtocolConfig"/> in front of one mock upstream.</summary>
public abstract class TwoProtocolGatewayTests : IAsyncLifetime
{
    protected GatewayHarness Harness { get; private set; } = null!;

    protected MockUpstream Mock => Harness.Mock;

    protected TwoProtocolConfig Config { get; private set; } = null!;

    protected TestGateway Gateway => Harness.Gateway;

    public async Task InitializeAsync()
    {
        Harness = await GatewayHarness.StartMockAsync(TwoProtocolConfig.CredentialIds);
        Config = new TwoProtocolConfig(Harness.Upstream);
        await Harness.StartGatewayAsync(Config.Yaml());
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
