using RoutingCluster.Routing;
using RoutingCluster.Routing.Strategies;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class RegisteredNamesTests
{
    private static GatewayConfig Config(string protocol, string strategy) => new()
    {
        Providers = [new ProviderConfig { Id = "p", Protocol = protocol, BaseUrl = "https://api.example.com/v1", Class = "local" }],
        Models = [new ModelConfig { Id = "m", Provider = "p", UpstreamModel = "m", ContextWindow = 1000 }],
        Roles = new() { ["default"] = new RoleConfig { Chain = [new StepConfig { Model = "m", Strategy = strategy }] } },
    };

    private static ConfigLoadResult Validate(GatewayConfig config, RegisteredNames registered) =>
        ConfigValidator.Validate(config, "test.yaml", EnvironmentSecretResolver.Default, registered);

    [Fact]
    public void Validate_StrategyNotRegistered_UnknownListingRegisteredOnes()
    {
        var registered = new RegisteredNames([StrategyNames.Priority, StrategyNames.Drain], ProviderProtocols.All);

        var result = Validate(Config(ProviderProtocols.SimulatedName, StrategyNames.Cost), registered);

        var error = Assert.Single(result.Errors);
        Assert.Equal(
            "test.yaml: roles.default.chain[1].strategy: role `default` step 1 has unknown strategy `cost`; known strategies: priority, drain",
            error.ToString());
    }

    [Fact]
    public void Validate_StrategyRegistered_Loads()
    {
        var registered = new RegisteredNames([StrategyNames.Drain], ProviderProtocols.All);

        var result = Validate(Config(ProviderProtocols.SimulatedName, StrategyNames.Drain), registered);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(StrategyNames.Drain, Assert.Single(result.Definition.Roles["default"].Chain).Strategy);
    }

    [Fact]
    public void Validate_ProtocolKnownButNotRegistered_ErrorListingRegisteredOnes()
    {
        var registered = new RegisteredNames(StrategyNames.All, [ProviderProtocol.OpenAiChat, ProviderProtocol.AnthropicMessages]);

        var result = Validate(Config(ProviderProtocols.SimulatedName, StrategyNames.Priority), registered);

        var error = Assert.Single(result.Errors);
        Assert.Equal(
            "test.yaml: providers[1](p).protocol: protocol `simulated` has no implementation in this gateway; use one of: openai-chat, anthropic-messages",
            error.ToString());
    }

    [Fact]
    public void Validate_UnknownProtocol_ListsOnlyRegisteredOnes()
    {
        var registered = new RegisteredNames(StrategyNames.All, [ProviderProtocol.OpenAiChat]);

        var result = Validate(Config("grpc", StrategyNames.Priority), registered);

        var error = Assert.Single(result.Errors);
        Assert.Equal("test.yaml: providers[1](p).protocol: unknown protocol `grpc`; use one of: openai-chat", error.ToString());
    }

    [Fact]
    public void BuiltIn_EveryDefaultStrategyAndEveryProtocol()
    {
        Assert.Equal(StrategyRegistry.CreateDefault().Names, RegisteredNames.BuiltIn.Strategies);
        Assert.Equal(StrategyNames.All, RegisteredNames.BuiltIn.Strategies);
        Assert.Equal(ProviderProtocols.All, RegisteredNames.BuiltIn.Protocols);
    }
}
