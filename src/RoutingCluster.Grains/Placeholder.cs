namespace RoutingCluster.Grains; internal static class Placeholder { }
