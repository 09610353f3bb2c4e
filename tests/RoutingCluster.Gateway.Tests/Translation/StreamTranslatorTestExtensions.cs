using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Wire;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Translation;

/// <summary>Feeds one event to a stream translator that must accept it.</summary>
internal static class StreamTranslatorTestExtensions
{
    public static IReadOnlyList<byte[]> Events(this IStreamTranslator translator, SseEvent upstream)
    {
        Assert.True(translator.TryTranslate(upstream, out var events, out var problem), problem);
        return events;
    }
}
