using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>Base of test classes that run one gateway on a <see cref="TwoProtocolConfig"/> in front of one mock upstream.</summary>
public abstract class TwoProtocolGatewayTests : IAsyncLifetime
{
    protected MockUpstream Mock { get; private set; } = null!;

    protected TwoProtocolConfig Config { get; private set; } = null!;

    protected TestGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mock = await MockUpstream.StartAsync();
        Config = new TwoProtocolConfig(Mock);
        Gateway = await TestGateway.StartAsync(Config.Yaml());
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Mock.DisposeAsync();
        Config.Dispose();
    }
}
