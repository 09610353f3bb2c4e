using BenchmarkDotNet.Attributes;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using RoutingCluster.Gateway.Translation.PassThrough;
using RoutingCluster.MicroBenchmarks.Inputs;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.MicroBenchmarks.Forwarding;

/// <summary>
/// One streamed answer of 50 <c>chat.completion.chunk</c> events read from the upstream body and
/// turned into client events: read only, passed through to an OpenAI client, and translated for an
/// Anthropic client. Each returns the bytes it would write to the client.
/// </summary>
public class SseForwardingBenchmarks
{
    private byte[] _stream = null!;

    [GlobalSetup]
    public void Setup() => _stream = SseStreams.OpenAiChat("sim-medium-1");

    [Benchmark]
    public async Task<long> ReadEvents()
    {
        using var upstream = new MemoryStream(_stream, writable: false);
        var reader = new SseEventReader(upstream);
        long bytes = 0;
        while (await reader.ReadAsync(CancellationToken.None) is { } sseEvent)
        {
            bytes += sseEvent.Raw.Length;
        }

        return bytes;
    }

    [Benchmark]
    public Task<long> PassThroughToOpenAi() => Forward(new OpenAiPassThrough(usageInjected: true));

    [Benchmark]
    public Task<long> TranslateToAnthropic() => Forward(new OpenAiToAnthropicStream("claude-sonnet-4-5-20250929"));

    private async Task<long> Forward(IStreamTranslator translator)
    {
        using var upstream = new MemoryStream(_stream, writable: false);
        var reader = new SseEventReader(upstream);
        long bytes = 0;
        while (await reader.ReadAsync(CancellationToken.None) is { } sseEvent)
        {
            if (!translator.TryTranslate(sseEvent, out var events, out var problem))
            {
                throw new InvalidOperationException(problem);
            }

            foreach (var output in events)
            {
                bytes += output.Length;
            }
        }

        foreach (var output in translator.OnEnd())
        {
            bytes += output.Length;
        }

        return bytes;
    }
}
