using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Hosting;

namespace RoutingCluster.Gateway.Configuration;

/// <summary>
/// The <c>check</c> verb: validates a config (<c>--config PATH</c>, else the built-in demo) and
/// prints every role with its chain, or every error (all of them, unlike the running gateway's log).
/// The file's size cap is <c>--max-bytes SIZE</c>, else <c>RC_CONFIG_MAX_BYTES</c>, else 4 MiB.
/// Exit code 0 when valid, 1 otherwise, 2 for bad arguments.
/// </summary>
public static class CheckCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter errors, ISecretResolver? secrets = null)
    {
        const string Usage = "Usage: check [--config PATH] [--max-bytes SIZE]";
        string? path = null;
        string? maxBytesText = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" or "-c" && i + 1 < args.Length)
            {
                path = args[++i];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                path = args[i]["--config=".Length..];
            }
            else if (args[i] == "--max-bytes" && i + 1 < args.Length)
            {
                maxBytesText = args[++i];
            }
            else if (args[i].StartsWith("--max-bytes=", StringComparison.Ordinal))
            {
                maxBytesText = args[i]["--max-bytes=".Length..];
            }
            else
            {
                errors.WriteLine($"Unknown argument `{args[i]}`. {Usage}");
                return 2;
            }
        }

        var (origin, capText) = maxBytesText is null
            ? (ConfigFileReader.MaxBytesVariable, Environment.GetEnvironmentVariable(ConfigFileReader.MaxBytesVariable))
            : ("--max-bytes", maxBytesText);
        if (!ConfigFileReader.TryParseMaxBytes(capText, origin, out var maxBytes, out var capError))
        {
            errors.WriteLine($"{capError}. {Usage}");
            return 2;
        }

        secrets ??= new EnvironmentSecretResolver();
        var registered = RegisteredPartNames();
        var result = path is null ? ConfigLoader.Load(DemoConfig.Read(), DemoConfig.SourceName, secrets, registered) : ConfigLoader.LoadFile(path, secrets, registered, maxBytes);
        if (!result.Ok || result.Definition is null)
        {
            errors.WriteLine($"{path ?? DemoConfig.SourceName}: {result.Errors.Count} error(s)");
            foreach (var error in result.Errors)
            {
                errors.WriteLine("  " + error);
            }

            return 1;
        }

        output.WriteLine($"{path ?? DemoConfig.SourceName}: valid");
        ConfigReport.Write(result.Definition, output);
        return 0;
    }

    /// <summary>The names the gateway would accept: the same registrations as the running host, without starting it.</summary>
    private static RegisteredNames RegisteredPartNames()
    {
        using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddPluggableParts().BuildServiceProvider();
        return services.GetRequiredService<RegisteredNames>();
    }
}
