namespace RoutingCluster.Configuration;

public static class ModelCapabilityNames
{
    public const string Tools = "tools";
    public const string Vision = "vision";
    public const string Thinking = "thinking";
    public static readonly IReadOnlyList<string> All = [Tools, Vision, Thinking];
}
