using BenchmarkDotNet.Attributes;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using RoutingCluster.MicroBenchmarks.Inputs;

namespace RoutingCluster.MicroBenchmarks.FrontDoors;

/// <summary>The OpenAI front door's work on a 4 KB streamed chat body: read the routing features, then splice the upstream body.</summary>
public class ChatRequestBenchmarks
{
    private byte[] _body = null!;
    private ChatRequestInspection _inspection = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = ChatBodies.Create("claude-sonnet-4-5-20250929");
        _inspection = ChatRequestInspector.Inspect(_body, null).Inspection
            ?? throw new InvalidOperationException("the benchmark body does not inspect");
    }

    [Benchmark]
    public ChatRequestInspection? Inspect() => ChatRequestInspector.Inspect(_body, null).Inspection;

    [Benchmark]
    public byte[] Rewrite() => ChatRequestRewriter.Rewrite(_body, _inspection, "sim-medium-1").Body;

    [Benchmark]
    public byte[] InspectAndRewrite()
    {
        var inspection = ChatRequestInspector.Inspect(_body, null).Inspection!;
        return ChatRequestRewriter.Rewrite(_body, inspection, "sim-medium-1").Body;
    }
}
