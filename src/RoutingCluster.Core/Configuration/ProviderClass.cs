namespace RoutingCluster.Configuration;

/// <summary>Where a provider runs; YAML spells it as in <see cref="ProviderClasses"/>.</summary>
public enum ProviderClass
{
    Local,
    Hosted,
}
