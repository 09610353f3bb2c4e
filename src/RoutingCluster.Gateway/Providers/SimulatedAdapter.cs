using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>
/// Upstream protocol <c>simulated</c>: a stand-in for the outside world that never leaves the
/// process, so the demo config works on a fresh machine with no key. It answers in the OpenAI
/// chat format with the configured latency, tokens per second and failure rate, and, when given
/// a requests-per-minute budget, reports <c>x-ratelimit-*</c> headers and answers 429 past it.
/// </summary>
public sealed class SimulatedAdapter(TimeProvider time) : IProviderAdapter
{
    private static readonly string[] Words =
        "this reply comes from the simulated provider of RoutingCluster and stands in for a real model so the route can be seen end to end".Split(' ');

    private readonly ConcurrentDictionary<string, Random> _random = new();
    private readonly ConcurrentDictionary<string, SimulatedMinute> _minutes = new();

    public ProviderProtocol Protocol => ProviderProtocol.Simulated;

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var simulation = request.Provider.Simulation ?? new SimulationDefinition(TimeSpan.FromMilliseconds(150), 80, 0, null, 1);
        await Task.Delay(simulation.Latency, time, cancellationToken);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (simulation.RequestsPerMinute is { } rpm)
        {
            var minute = _minutes.GetOrAdd(request.Credential.Id, _ => new SimulatedMinute());
            var (used, resetIn) = minute.Take(time.GetUtcNow());
            var remaining = Math.Max(0, rpm - used);
            headers["x-ratelimit-limit-requests"] = rpm.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["x-ratelimit-remaining-requests"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset-requests"] = $"{Math.Ceiling(resetIn.TotalSeconds)}s";
            if (used > rpm)
            {
                headers["retry-after"] = Math.Ceiling(resetIn.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return SimulatedResponse.Json(429, Error("rate_limit_exceeded", "simulated rate limit reached"), headers);
            }
        }

        var random = _random.GetOrAdd(request.Provider.Id, _ => new Random(simulation.Seed));
        bool fail;
        lock (random)
        {
            fail = random.NextDouble() < simulation.FailureRate;
        }

        if (fail)
        {
            return SimulatedResponse.Json(500, Error("server_error", "simulated upstream failure"), headers);
        }

        var words = Math.Clamp(MaxTokens(request.Body.Span) ?? 24, 1, 64);
        var promptTokens = Math.Max(1, request.Body.Length / 4);
        if (!request.Stream)
        {
            var text = string.Join(' ', Enumerable.Range(0, words).Select(i => Words[i % Words.Length]));
            return SimulatedResponse.Json(200, Completion(request.Model.UpstreamModel, text, promptTokens, words), headers);
        }

        var pipe = new Pipe();
        _ = StreamAsync(pipe.Writer, request.Model.UpstreamModel, words, promptTokens, simulation.TokensPerSecond, CancellationToken.None);
        headers["content-type"] = "text/event-stream";
        return new SimulatedResponse(200, headers, pipe.Reader.AsStream());
    }

    private async Task StreamAsync(PipeWriter writer, string model, int words, int promptTokens, double tokensPerSecond, CancellationToken cancellationToken)
    {
        var id = "chatcmpl-sim-" + Guid.NewGuid().ToString("N")[..12];
        var perToken = TimeSpan.FromSeconds(1 / Math.Max(1, tokensPerSecond));
        try
        {
            await WriteEventAsync(writer, Chunk(id, model, new { role = "assistant", content = "" }, null));
            for (var i = 0; i < words; i++)
            {
                await Task.Delay(perToken, time, cancellationToken);
                await WriteEventAsync(writer, Chunk(id, model, new { content = (i == 0 ? "" : " ") + Words[i % Words.Length] }, null));
            }

            await WriteEventAsync(writer, Chunk(id, model, new { }, "stop"));
            var usage = new { id, @object = "chat.completion.chunk", model, choices = Array.Empty<object>(), usage = Usage(promptTokens, words) };
            await WriteEventAsync(writer, JsonSerializer.Serialize(usage));
            await WriteEventAsync(writer, "[DONE]");
            await writer.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            await writer.CompleteAsync(ex);
        }
    }

    private static async ValueTask WriteEventAsync(PipeWriter writer, string data)
    {
        await writer.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
    }

    private static string Chunk(string id, string model, object delta, string? finish) => JsonSerializer.Serialize(new
    {
        id,
        @object = "chat.completion.chunk",
        created = 0,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    });

    private static string Completion(string model, string text, int promptTokens, int completionTokens) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-sim-" + Guid.NewGuid().ToString("N")[..12],
        @object = "chat.completion",
        created = 0,
        model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
        usage = Usage(promptTokens, completionTokens),
    });

    private static object Usage(int prompt, int completion) =>
        new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion };

    private static string Error(string code, string message) =>
        JsonSerializer.Serialize(new { error = new { message, type = code, code } });

    private static int? MaxTokens(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName
                && (reader.ValueTextEquals("max_tokens") || reader.ValueTextEquals("max_completion_tokens")))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;
            }
        }

        return null;
    }

    /// <summary>Fixed one-minute request counter per simulated key.</summary>
    private sealed class SimulatedMinute
    {
        private DateTimeOffset _start;
        private int _count;

        public (int Used, TimeSpan ResetIn) Take(DateTimeOffset now)
        {
            lock (this)
            {
                if (now - _start >= TimeSpan.FromMinutes(1))
                {
                    _start = now;
                    _count = 0;
                }

                _count++;
                return (_count, _start.AddMinutes(1) - now);
            }
        }
    }
}
