using Microsoft.AspNetCore.Authentication;

namespace RoutingCluster.Gateway.Auth;

/// <summary>The gateway-key scheme has no options of its own: the keys are in the config in force, which a reload can change.</summary>
public sealed class GatewayKeyAuthenticationOptions : AuthenticationSchemeOptions;
