using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoutingCluster.Gateway.Hosting;

namespace RoutingCluster.MicroBenchmarks.Hosting;

/// <summary>
/// One non-streamed chat completion through the whole gateway (middleware, front door, routing,
/// the upstream HTTP client, ledger and metrics) to an in-process upstream on loopback that answers
/// a fixed completion at once: the gateway's own cost per request, the client's and the
/// upstream's included (the same in every run), allocations of the whole process.
/// </summary>
public class GatewayRequestBenchmarks
{
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"up-model","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there, this is a short answer."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}""");

    private const string Body = """{"model":"default","messages":[{"role":"user","content":"Say hello in one short sentence, please."}]}""";

    private const string KeyVariable = "ROUTING_CLUSTER_BENCH_KEY";

    private WebApplication _upstream = null!;
    private WebApplication _gateway = null!;
    private HttpClient _client = null!;
    private string _configDirectory = null!;

    [GlobalSetup]
    public void Setup()
    {
        var upstream = WebApplication.CreateSlimBuilder();
        upstream.WebHost.UseUrls("http://127.0.0.1:0");
        upstream.Logging.ClearProviders();
        _upstream = upstream.Build();
        _upstream.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Completion);
        });
        _upstream.StartAsync().GetAwaiter().GetResult();

        Environment.SetEnvironmentVariable(KeyVariable, "sk-bench-not-a-real-key");
        _configDirectory = Directory.CreateTempSubdirectory("routing-cluster-bench-").FullName;
        var config = Path.Combine(_configDirectory, "gateway.yaml");
        File.WriteAllText(config, $$"""
            providers:
              - { id: up, protocol: openai-chat, baseUrl: "{{AddressOf(_upstream)}}/v1" }
            credentials:
              - { id: k1, provider: up, apiKey: "env:{{KeyVariable}}" }
            models:
              - { id: m1, provider: up, upstreamModel: up-model, contextWindow: 16000 }
            roles:
              default:
                chain:
                  - { models: [m1], strategy: priority }
            """);
        _gateway = GatewayApp.Build(["--config", config, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        _gateway.StartAsync().GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = new Uri(AddressOf(_gateway)) };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _gateway.StopAsync().GetAwaiter().GetResult();
        _upstream.StopAsync().GetAwaiter().GetResult();
        Directory.Delete(_configDirectory, recursive: true);
    }

    [Benchmark]
    public async Task<int> ChatCompletion()
    {
        using var content = new StringContent(Body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/v1/chat/completions", content);
        var answer = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode ? answer.Length : throw new InvalidOperationException($"status {(int)response.StatusCode}");
    }

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
