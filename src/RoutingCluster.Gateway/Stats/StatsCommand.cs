using System.Net.Http.Headers;
using System.Text.Json;
using RoutingCluster.Configuration;
using RoutingCluster.Stats;

namespace RoutingCluster.Gateway.Stats;

/// <summary>
/// The <c>stats</c> verb: <c>stats [--url URL] [--since 1h] [--key KEY|env:NAME|file:PATH]</c> asks a
/// running node for <c>/admin/stats</c> and prints the tables. Exit code 0 on success, 1 when the
/// node cannot be reached or answers an error, 2 for bad arguments.
/// </summary>
public static class StatsCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8787";
    public const string Usage = "Usage: stats [--url http://127.0.0.1:8787] [--since 1h|2025-06-01T12:00:00Z] [--key KEY|env:NAME|file:PATH]";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter errors, HttpMessageHandler? handler = null, ISecretResolver? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!TryParse(args, out var options, out var problem))
        {
            await errors.WriteLineAsync(problem + "\n" + Usage);
            return 2;
        }

        string? key = null;
        if (options.Key is { } keyArgument)
        {
            if (keyArgument.StartsWith(EnvironmentSecretResolver.EnvPrefix, StringComparison.Ordinal)
                || keyArgument.StartsWith(EnvironmentSecretResolver.FilePrefix, StringComparison.Ordinal))
            {
                var resolved = (secrets ?? EnvironmentSecretResolver.Default).Resolve(keyArgument);
                if (resolved.Value is null)
                {
                    await errors.WriteLineAsync($"--key: {resolved.Error}");
                    return 2;
                }

                key = resolved.Value.Reveal();
            }
            else
            {
                key = keyArgument;
            }
        }

        if (!Uri.TryCreate(options.Url.TrimEnd('/') + StatsEndpoint.Path + "?since=" + Uri.EscapeDataString(options.Since ?? ""), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            await errors.WriteLineAsync($"--url `{options.Url}` is not an http(s) URL, e.g. {DefaultUrl}");
            return 2;
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        string body;
        int status;
        try
        {
            using var response = await http.SendAsync(request);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException ex)
        {
            await errors.WriteLineAsync($"Cannot reach a gateway at {options.Url}: {ex.Message}. Is a node running there? Pass its address with --url.");
            return 1;
        }
        catch (TaskCanceledException)
        {
            await errors.WriteLineAsync($"The gateway at {options.Url} did not answer within {Timeout.TotalSeconds:F0}s.");
            return 1;
        }

        if (status is < 200 or > 299)
        {
            var hint = status == 401 ? " Pass a gateway key with --key KEY or --key env:NAME." : "";
            await errors.WriteLineAsync($"The gateway at {options.Url} answered {status}: {ErrorMessage(body)}.{hint}");
            return 1;
        }

        StatsReport? report;
        try
        {
            report = JsonSerializer.Deserialize<StatsReport>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            report = null;
        }

        if (report is null)
        {
            await errors.WriteLineAsync($"The answer from {options.Url}{StatsEndpoint.Path} is not a stats report; is that a RoutingCluster gateway?");
            return 1;
        }

        StatsText.Write(report, options.Url, output);
        return 0;
    }

    private sealed record Options(string Url, string? Since, string? Key);

    private static bool TryParse(string[] args, out Options options, out string problem)
    {
        options = new Options(DefaultUrl, null, null);
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, (string?)v) : (args[i], null);
            if (name is not ("--url" or "--since" or "--key"))
            {
                problem = $"Unknown argument `{args[i]}`.";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    problem = $"`{name}` needs a value.";
                    return false;
                }

                value = args[++i];
            }

            options = name switch
            {
                "--url" => options with { Url = value },
                "--since" => options with { Since = value },
                _ => options with { Key = value },
            };
        }

        return true;
    }

    /// <summary>The message of an OpenAI-format error body, else the body itself (shortened).</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the text.
        }

        var text = body.Trim();
        return text.Length == 0 ? "(empty body)" : text.Length > 300 ? text[..300] + "..." : text;
    }
}
