using System.Net.Http.Headers;
using System.Text.Json;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Cli;

/// <summary>
/// Sends one request of an admin verb to a running node: resolves the gateway key (the key itself,
/// <c>env:NAME</c> or <c>file:PATH</c>), checks the URL, and turns every way it can fail into one
/// message on the error writer and the verbs' exit code (1 unreachable or an error answer, 2 bad
/// arguments). The key is only ever sent as a bearer token, never written.
/// </summary>
public static class AdminClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <param name="pathAndQuery">Path from the node's root, e.g. <c>/admin/stats?since=1h</c>.</param>
    public static async Task<AdminReply> SendAsync(
        AdminArguments arguments, HttpMethod method, string pathAndQuery, TextWriter errors, HttpMessageHandler? handler = null, ISecretResolver? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(errors);
        string? key = arguments.Key;
        if (key is not null && (key.StartsWith(EnvironmentSecretResolver.EnvPrefix, StringComparison.Ordinal)
            || key.StartsWith(EnvironmentSecretResolver.FilePrefix, StringComparison.Ordinal)))
        {
            var resolved = (secrets ?? EnvironmentSecretResolver.Default).Resolve(key);
            if (resolved.Value is null)
            {
                await errors.WriteLineAsync($"--key: {resolved.Error}");
                return new AdminReply.Failed(2);
            }

            key = resolved.Value.Reveal();
        }

        var url = arguments.Url;
        if (!Uri.TryCreate(url.TrimEnd('/') + pathAndQuery, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await errors.WriteLineAsync($"--url `{url}` is not an http(s) URL, e.g. {AdminArguments.DefaultUrl}");
            return new AdminReply.Failed(2);
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout;
        using var request = new HttpRequestMessage(method, uri);
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
            await errors.WriteLineAsync($"Cannot reach a gateway at {url}: {ex.Message}. Is a node running there? Pass its address with --url.");
            return new AdminReply.Failed(1);
        }
        catch (TaskCanceledException)
        {
            await errors.WriteLineAsync($"The gateway at {url} did not answer within {Timeout.TotalSeconds:F0}s.");
            return new AdminReply.Failed(1);
        }

        if (status is < 200 or > 299)
        {
            var hint = status == 401 ? " Pass a gateway key with --key KEY or --key env:NAME." : "";
            await errors.WriteLineAsync($"The gateway at {url} answered {status}: {ErrorMessage(body)}.{hint}");
            return new AdminReply.Failed(1);
        }

        return new AdminReply.Answered(body);
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
