using BenchmarkDotNet.Attributes;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using RoutingCluster.Gateway.Translation.PassThrough;
using RoutingCluster.MicroBenchmarks.Inputs;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.MicroBenchmarks.FrontDoors;

/// <summary>The OpenAI front door's work on a 4 KB streamed chat body: read the routing features, then splice the upstream body.</summary>
public class ChatRequestBenchmarks
{
    private byte[] _body = null!;
    private RequestInspection _inspection = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = ChatBodies.Create("claude-sonnet-4-5-20250929");
        _inspection = ChatRequestInspector.Inspect(_body, null) is RequestReading.Read read
            ? read.Inspection
            : throw new InvalidOperationException("the benchmark body does not inspect");
    }

    [Benchmark]
    public RequestReading Inspect() => ChatRequestInspector.Inspect(_body, null);

    [Benchmark]
    public byte[] Rewrite() => ModelFieldRewriter.Rewrite(_body, _inspection, "sim-medium-1").Body;

    [Benchmark]
    public byte[] InspectAndRewrite()
    {
        var inspection = ((RequestReading.Read)ChatRequestInspector.Inspect(_body, null)).Inspection;
        return ModelFieldRewriter.Rewrite(_body, inspection, "sim-medium-1").Body;
    }
}
