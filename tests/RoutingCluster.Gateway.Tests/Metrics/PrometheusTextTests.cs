using System.Text;
using RoutingCluster.Gateway.Metrics;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Theory]
    [InlineData("routing.requests", "{request}", true, "routing_requests_total")]
    [InlineData("routing.upstream.duration", "s", false, "routing_upstream_duration_seconds")]
    [InlineData("routing.cost", "USD", true, "routing_cost_usd_total")]
    [InlineData("routing.tokens", "{token}", true, "routing_tokens_total")]
    [InlineData("orleans-storage-read-latency", "ms", false, "orleans_storage_read_latency_seconds")]
    [InlineData("orleans-runtime-available-memory-mb", "MB", false, "orleans_runtime_available_memory_bytes")]
    public void PrometheusName_InstrumentNameAndUnit_FollowsPrometheusConventions(string name, string unit, bool counter, string expected)
    {
        Assert.Equal(expected, MetricsCollector.PrometheusName(name, unit, counter));
    }

    [Theory]
    [InlineData("orleans-storage-read-latency", "ms", 0.001)]
    [InlineData("orleans-runtime-total-physical-memory-mb", "MB", 1024 * 1024)]
    [InlineData("routing.upstream.duration", "s", 1)]
    public void ScaleOf_NonBaseUnit_ConvertsToTheBaseUnit(string name, string unit, double expected)
    {
        Assert.Equal(expected, MetricsCollector.ScaleOf(name, unit));
    }

    [Fact]
    public void Sample_LabelValueWithQuoteBackslashAndNewline_IsEscaped()
    {
        var output = new StringBuilder();

        new PrometheusText(output).Sample("x", [new("credential", "a\"b\\c\nd")], 1.5);

        Assert.Equal("x{credential=\"a\\\"b\\\\c\\nd\"} 1.5\n", output.ToString());
    }

    [Fact]
    public void Number_Infinity_IsWrittenAsPlusInf()
    {
        Assert.Equal("+Inf", PrometheusText.Number(double.PositiveInfinity));
        Assert.Equal("0.005", PrometheusText.Number(0.005));
    }
}
