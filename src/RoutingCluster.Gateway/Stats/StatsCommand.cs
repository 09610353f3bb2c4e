using System.Text.Json;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Cli;
using RoutingCluster.Stats;

namespace RoutingCluster.Gateway.Stats;

/// <summary>
/// The <c>stats</c> verb: <c>stats [--url URL] [--since 1h] [--key KEY|env:NAME|file:PATH]</c> asks a
/// running node for <c>/admin/stats</c> and prints the tables. Exit code 0 on success, 1 when the
/// node cannot be reached or answers an error, 2 for bad arguments.
/// </summary>
public static class StatsCommand
{
    public const string Usage = "Usage: stats [--url http://127.0.0.1:8787] [--since 1h|2025-06-01T12:00:00Z] [--key KEY|env:NAME|file:PATH]";
    private static readonly string[] OwnOptions = ["--since"];

    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter errors, HttpMessageHandler? handler = null, ISecretResolver? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (!AdminArguments.TryParse(args, OwnOptions, out var arguments, out var problem) || arguments.Positionals.Count > 0)
        {
            problem = problem.Length > 0 ? problem : $"Unknown argument `{arguments.Positionals[0]}`.";
            await errors.WriteLineAsync(problem + "\n" + Usage);
            return 2;
        }

        var path = StatsEndpoint.Path + "?since=" + Uri.EscapeDataString(arguments.Option("--since") ?? "");
        var reply = await AdminClient.SendAsync(arguments, HttpMethod.Get, path, errors, handler, secrets);
        if (reply is not AdminReply.Answered answered)
        {
            return ((AdminReply.Failed)reply).ExitCode;
        }

        StatsReport? report;
        try
        {
            report = JsonSerializer.Deserialize<StatsReport>(answered.Body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            report = null;
        }

        if (report is null)
        {
            await errors.WriteLineAsync($"The answer from {arguments.Url}{StatsEndpoint.Path} is not a stats report; is that a RoutingCluster gateway?");
            return 1;
        }

        StatsText.Write(report, arguments.Url, output);
        return 0;
    }
}
