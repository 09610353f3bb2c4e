namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>The body fields the gateway routes on, each allowed once per body.</summary>
[Flags]
internal enum RoutedFields
{
    None = 0,
    Model = 1,
    Stream = 2,
    MaxTokens = 4,
    MaxCompletionTokens = 8,
}
