namespace RoutingCluster.Gateway.Configuration;

/// <summary>The built-in demo config (simulated providers only), used when no --config is given.</summary>
public static class DemoConfig
{
    public const string SourceName = "built-in demo config";

    public static string Read()
    {
        using var stream = typeof(DemoConfig).Assembly.GetManifestResourceStream("RoutingCluster.Gateway.demo.yaml")
            ?? throw new InvalidOperationException("The demo config is missing from the gateway assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
