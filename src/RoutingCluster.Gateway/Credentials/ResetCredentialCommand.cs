using System.Globalization;
using System.Text.Json;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Cli;

namespace RoutingCluster.Gateway.Credentials;

/// <summary>
/// The <c>reset-credential</c> verb: <c>reset-credential ID [--url URL] [--key KEY|env:NAME|file:PATH]</c>
/// calls <c>POST /admin/credentials/ID/reset</c> on a running node (cluster-wide in cluster mode) and
/// prints what was cleared. Exit code 0 when the node reset it, 1 when the node cannot be reached
/// or answers an error (unknown id included), 2 for bad arguments.
/// </summary>
public static class ResetCredentialCommand
{
    public const string Usage = "Usage: reset-credential ID [--url http://127.0.0.1:8787] [--key KEY|env:NAME|file:PATH]";

    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter errors, HttpMessageHandler? handler = null, ISecretResolver? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (!AdminArguments.TryParse(args, [], out var arguments, out var problem) || arguments.Positionals.Count != 1)
        {
            problem = problem.Length > 0 ? problem
                : arguments.Positionals.Count == 0 ? "Name the credential to reset (its id in the config)."
                : $"One credential at a time; got {arguments.Positionals.Count}: {string.Join(", ", arguments.Positionals)}.";
            await errors.WriteLineAsync(problem + "\n" + Usage);
            return 2;
        }

        var id = arguments.Positionals[0];
        var reply = await AdminClient.SendAsync(arguments, HttpMethod.Post, CredentialResetEndpoint.PathFor(id), errors, handler, secrets);
        if (reply is not AdminReply.Answered answered)
        {
            return ((AdminReply.Failed)reply).ExitCode;
        }

        CredentialResetReport? report;
        try
        {
            report = JsonSerializer.Deserialize<CredentialResetReport>(answered.Body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            report = null;
        }

        if (report is null)
        {
            await errors.WriteLineAsync($"The answer from {arguments.Url} is not a credential reset report; is that a RoutingCluster gateway?");
            return 1;
        }

        await output.WriteLineAsync(Describe(report));
        return 0;
    }

    /// <summary>One line per fact: what was cleared, then whether the credential serves now.</summary>
    public static string Describe(CredentialResetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string> { $"Credential `{report.Credential}` (provider `{report.Provider}`) reset." };
        if (report.CooldownUntil is { } until)
        {
            lines.Add($"  cleared cooldown until {until.ToString("O", CultureInfo.InvariantCulture)} ({report.CooldownReason})");
        }

        if (report.DisabledReason is { } disabled)
        {
            lines.Add($"  cleared disabled: {disabled}");
        }

        if (report.Breaker is { } breaker)
        {
            lines.Add($"  closed its breaker (was {breaker})");
        }

        if (report.LearnedLimits)
        {
            lines.Add("  forgot the rate limits learned from upstream headers");
        }

        if (report.Cleared.Count == 0)
        {
            lines.Add("  nothing was in force");
        }

        lines.Add(report.UsableNow ? "Usable now." : $"Not usable yet: {report.StillBlocked}.");
        return string.Join('\n', lines);
    }
}
