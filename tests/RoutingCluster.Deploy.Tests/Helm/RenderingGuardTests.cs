using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>The checks the templates make themselves (fail with a message), for what a JSON schema cannot express.</summary>
public sealed class RenderingGuardTests
{
    [Theory]
    [InlineData("autoscaling.enabled=true,autoscaling.minReplicas=6,autoscaling.maxReplicas=4", "autoscaling.minReplicas (6) is above autoscaling.maxReplicas (4)")]
    [InlineData("providerKeys[0].env=POD_IP,providerKeys[0].secretName=keys,providerKeys[0].secretKey=ip", "environment variable POD_IP is set twice")]
    [InlineData("providerKeys[0].env=RC_POSTGRES,providerKeys[0].secretName=keys,providerKeys[0].secretKey=db", "environment variable RC_POSTGRES is set twice")]
    [InlineData("extraEnv[0].name=OPENAI_KEY,extraEnv[0].value=x,providerKeys[0].env=OPENAI_KEY,providerKeys[0].secretName=keys,providerKeys[0].secretKey=openai", "environment variable OPENAI_KEY is set twice")]
    public async Task Rendering_fails_with_a_message_on_values_the_schema_cannot_catch(string sets, string message)
    {
        var run = await HelmProcess.HelmAsync("template", RenderedChart.Release, ChartFiles.Directory, "--set", sets);

        Assert.False(run.Succeeded, run.Describe());
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }
}
