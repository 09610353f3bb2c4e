namespace RoutingCluster.Configuration;

[Flags]
public enum ModelCapabilities
{
    None = 0,
    Tools = 1,
    Vision = 2,
    Thinking = 4,
}
