using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RoutingCluster.Testing;

/// <summary>
/// A real Kestrel server on a free loopback port speaking the OpenAI chat completions wire format
/// (<c>POST /v1/chat/completions</c>) and Anthropic's Messages API (<c>POST /v1/messages</c>).
/// Each request is recorded, then answered with the reply scripted for its API key (see
/// <see cref="Enqueue(string, MockReply[])"/>, <see cref="SetDefault(string, MockReply)"/>), falling back
/// to a plain 200 completion; one script serves both endpoints, each reply rendered in the format of the
/// endpoint that received the request. A body Anthropic would reject gets a 400 <c>invalid_request_error</c>
/// without using a scripted reply. Point a provider's <c>baseUrl</c> at <see cref="OpenAiBaseUrl"/> or
/// <see cref="AnthropicBaseUrl"/>. A key given a <see cref="MockPlan"/> (<see cref="SetPlan"/>) plays a
/// subscription plan: its answers carry the plan's headers, and its model requests are refused once a window
/// is used up; <see cref="PlanUsageUrl"/> reads a plan without using it.
/// </summary>
public sealed class MockUpstream : IAsyncDisposable
{
    private const string PlanUsagePath = "/plan/usage";
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly MockScript _script = new();
    private readonly MockRequestLog _log = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, MockPlan> _plans = new(StringComparer.Ordinal);
    private int _sequence;
    private int _modelListRequests;

    private MockUpstream(WebApplication app)
    {
        _app = app;
        app.MapPost("/v1/chat/completions", context => HandleAsync(context, MockProtocol.OpenAiChat));
        app.MapPost("/v1/messages", context => HandleAsync(context, MockProtocol.AnthropicMessages));
        app.MapPost("/v1/responses", context => HandleAsync(context, MockProtocol.OpenAiResponses));
        app.MapGet("/v1/models", (RequestDelegate)HandleModelsAsync);
        app.MapGet(PlanUsagePath, (RequestDelegate)HandlePlanUsageAsync);
    }

    /// <summary><c>http://127.0.0.1:PORT</c>, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary><see cref="BaseUrl"/> + <c>/v1</c>: the provider <c>baseUrl</c> to put in gateway config.</summary>
    public string OpenAiBaseUrl => BaseUrl + "/v1";

    /// <summary><see cref="BaseUrl"/> + <c>/v1</c>: the <c>anthropic-messages</c> provider <c>baseUrl</c> (requests go
    /// to <c>{baseUrl}/messages</c>). The Anthropic SDK wants <see cref="BaseUrl"/>: it appends <c>/v1/messages</c>.</summary>
    public string AnthropicBaseUrl => BaseUrl + "/v1";

    /// <summary><c>GET</c> here with a key's credentials (<c>Authorization: Bearer</c> or <c>x-api-key</c>): 200
    /// with body <c>{}</c> and the headers of the key's <see cref="MockPlan"/>, without counting or stepping it;
    /// 404 for a key without a plan. Recorded in <see cref="Requests"/> (<see cref="MockProtocol.PlanUsage"/>).</summary>
    public string PlanUsageUrl => BaseUrl + PlanUsagePath;

    /// <summary>Model requests (every endpoint) and plan usage reads received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _log.Snapshot();

    public int InFlight => _log.InFlight;

    public int MaxInFlight => _log.MaxInFlight;

    public int ModelListRequests => Volatile.Read(ref _modelListRequests);

    public static async Task<MockUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = typeof(MockUpstream).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        var mock = new MockUpstream(builder.Build());
        await mock._app.StartAsync(cancellationToken);
        mock.BaseUrl = mock._app.Urls.First().TrimEnd('/');
        return mock;
    }

    public int CountFor(string apiKey) => Requests.Count(r => r.ApiKey == apiKey);

    public int InFlightFor(string apiKey) => _log.InFlightFor(apiKey);

    public int MaxInFlightFor(string apiKey) => _log.MaxInFlightFor(apiKey);

    /// <summary>Replies for the next requests carrying <paramref name="apiKey"/>, used once each, in order.</summary>
    public void Enqueue(string apiKey, params MockReply[] replies) => _script.Enqueue(apiKey, replies);

    /// <summary>Replies for the next requests of any key with nothing scripted for it.</summary>
    public void Enqueue(params MockReply[] replies) => _script.Enqueue(null, replies);

    /// <summary>The reply for <paramref name="apiKey"/> once its queue is empty.</summary>
    public void SetDefault(string apiKey, MockReply reply) => _script.SetDefault(apiKey, reply);

    /// <summary>The reply for any key once nothing more specific is scripted (initially <see cref="MockReply.Ok"/>).</summary>
    public void SetDefault(MockReply reply) => _script.SetDefault(null, reply);

    /// <summary>
    /// <paramref name="apiKey"/> plays <paramref name="plan"/> (replacing any plan it had). Its model requests
    /// on every endpoint, streaming or not, are refused with a 429 in the plan's format, without using the
    /// script, while a window is at 1; otherwise the plan is stepped and counted, then the scripted reply is
    /// served. Every answer to the key, refusals and scripted errors included, carries the plan's headers as
    /// they stand after the request was counted; a scripted header of the same name replaces the plan's.
    /// </summary>
    public void SetPlan(string apiKey, MockPlan plan)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(plan);
        _plans[apiKey] = plan;
    }

    /// <summary>Forgets scripts, plans, recorded requests and concurrency peaks (requests still in flight stay counted).</summary>
    public void Reset()
    {
        _script.Clear();
        _plans.Clear();
        _log.Clear();
    }

    /// <summary>The first received request matching <paramref name="match"/>, including ones that already
    /// arrived; throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default 10 s).</summary>
    public async Task<ReceivedRequest> WaitForRequestAsync(Func<ReceivedRequest, bool>? match = null, TimeSpan? timeout = null) =>
        (await _log.WaitAsync(1, match, timeout ?? DefaultWait))[0];

    /// <summary>The first <paramref name="count"/> received requests matching <paramref name="match"/>.</summary>
    public Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(
        int count, Func<ReceivedRequest, bool>? match = null, TimeSpan? timeout = null) =>
        _log.WaitAsync(count, match, timeout ?? DefaultWait);

    public async ValueTask DisposeAsync()
    {
        // Held gates and stalled writes observe this token, so shutdown never waits on a test's gate.
        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Connections that would not close in time are dropped by DisposeAsync below.
            }
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context, MockProtocol protocol)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(ct);
        }

        var request = Parse(Interlocked.Increment(ref _sequence), context.Request, body, protocol);
        IMockWire wire = protocol switch
        {
            MockProtocol.AnthropicMessages => AnthropicMockWire.Instance,
            MockProtocol.OpenAiResponses => ResponsesMockWire.Instance,
            _ => OpenAiMockWire.Instance,
        };
        var exchange = new MockExchange(_log, request);
        context.Features.Set(exchange);
        _log.Begin(request);
        try
        {
            var plan = PlanFor(request.ApiKey);
            if (protocol == MockProtocol.AnthropicMessages && MockAnthropicJson.Validate(request.Json) is { } invalid)
            {
                if (plan is not null)
                {
                    foreach (var (name, value) in plan.Peek().Headers())
                    {
                        context.Response.Headers[name] = value;
                    }
                }

                await MockResponder.WriteInvalidRequestAsync(context, wire, request, invalid, ct);
                return;
            }

            if (plan is null)
            {
                await MockResponder.WriteAsync(context, wire, request, _script.Next(request.ApiKey), ct);
                return;
            }

            var state = plan.Admit();
            var reply = state.Admitted ? _script.Next(request.ApiKey) : state.Refusal(request);
            await MockResponder.WriteAsync(context, wire, request, WithPlanHeaders(reply, state), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            context.Abort();
        }
        finally
        {
            exchange.End();
        }
    }

    /// <summary>OpenAI's model list, or Anthropic's when the request carries <c>anthropic-version</c>.</summary>
    private Task HandleModelsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _modelListRequests);
        context.Response.ContentType = "application/json";
        var models = context.Request.Headers.ContainsKey("anthropic-version") ? MockAnthropicJson.Models() : MockJson.Models();
        return context.Response.WriteAsync(models, context.RequestAborted);
    }

    private async Task HandlePlanUsageAsync(HttpContext context)
    {
        var request = Parse(Interlocked.Increment(ref _sequence), context.Request, "", MockProtocol.PlanUsage);
        var exchange = new MockExchange(_log, request);
        _log.Begin(request);
        try
        {
            var response = context.Response;
            response.ContentType = "application/json";
            var plan = PlanFor(request.ApiKey);
            if (plan is null)
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                exchange.End();
                await response.WriteAsync(
                    MockJson.Error("No plan is set for this API key.", "invalid_request_error", "plan_not_found"), context.RequestAborted);
                return;
            }

            foreach (var (name, value) in plan.ReadUsage().Headers())
            {
                response.Headers[name] = value;
            }

            exchange.End();
            await response.WriteAsync("{}", context.RequestAborted);
        }
        finally
        {
            exchange.End();
        }
    }

    private MockPlan? PlanFor(string? apiKey) => apiKey is not null && _plans.TryGetValue(apiKey, out var plan) ? plan : null;

    /// <summary>The plan's headers ahead of the reply's own; a reply header replaces the plan's of the same name.</summary>
    private static MockReply WithPlanHeaders(MockReply reply, MockPlanState state)
    {
        var scripted = reply.Headers.Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var plan = state.Headers().Where(h => !scripted.Contains(h.Name)).Select(h => KeyValuePair.Create(h.Name, h.Value));
        return reply with { Headers = [.. plan, .. reply.Headers] };
    }

    private static ReceivedRequest Parse(int sequence, HttpRequest http, string body, MockProtocol protocol)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }

        var headers = http.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new ReceivedRequest(
            sequence,
            http.Method,
            http.Path.Value ?? "",
            protocol == MockProtocol.AnthropicMessages ? AnthropicApiKeyOf(http) : ApiKeyOf(http),
            body,
            json,
            Value<string>(json?["model"]),
            Value<bool>(json?["stream"]),
            Value<bool>(json?["stream_options"]?["include_usage"]),
            json?["tools"] is JsonArray { Count: > 0 },
            headers)
        {
            Protocol = protocol,
        };
    }

    private static T? Value<T>(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<T>(out var result) ? result : default;

    private static string? AnthropicApiKeyOf(HttpRequest http)
    {
        var key = http.Headers["x-api-key"].ToString();
        return key.Length > 0 ? key : ApiKeyOf(http);
    }

    private static string? ApiKeyOf(HttpRequest http)
    {
        var authorization = http.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[bearer.Length..].Trim();
        }

        var key = http.Headers["x-api-key"].ToString();
        if (key.Length == 0)
        {
            key = http.Headers["api-key"].ToString();
        }

        return key.Length == 0 ? null : key;
    }
}
