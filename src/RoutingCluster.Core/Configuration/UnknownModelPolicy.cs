namespace RoutingCluster.Configuration;

/// <summary>What a requested model name gets when it is no role, alias or model and no rule claims it (<c>routing.unknownModels</c>).</summary>
public enum UnknownModelPolicy
{
    /// <summary><c>reject</c>: 404 <c>model_not_found</c>, naming what the gateway serves.</summary>
    Reject,

    /// <summary><c>defaultRole</c>: served by <c>routing.defaultRole</c>, with reason <c>default</c>.</summary>
    DefaultRole,
}
