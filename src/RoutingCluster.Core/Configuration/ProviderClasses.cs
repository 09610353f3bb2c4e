namespace RoutingCluster.Configuration;

public static class ProviderClasses
{
    public const string Local = "local";
    public const string Hosted = "hosted";
    public static readonly IReadOnlyList<string> All = [Local, Hosted];
}
