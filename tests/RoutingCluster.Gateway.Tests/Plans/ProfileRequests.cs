using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Plans;

/// <summary>What the profile tests share: a plan played by the mock for a credential, and one request that waits for its settle.</summary>
internal static class ProfileRequests
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static MockPlan Plan(GatewayHarness harness, string credential, MockPlanFormat format, double step = 0)
    {
        var plan = new MockPlan(format, harness.Clock) { Step5h = step };
        harness.Mock.SetPlan(harness.Upstream.KeyOf(credential), plan);
        return plan;
    }

    /// <summary>
    /// One request (chat completions, or Anthropic messages with <paramref name="anthropic"/>) that
    /// must answer 200; waits for its settle to reach the grain, so the next request sees what this
    /// answer taught. Answers the credential that served and the request id.
    /// </summary>
    public static async Task<(string Credential, string RequestId)> AskAsync(TestGateway gateway, string model = "default", bool anthropic = false)
    {
        using var response = await gateway.Http.PostAsync(
            anthropic ? "/v1/messages" : "/v1/chat/completions",
            new StringContent($$"""{"model":"{{model}}","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await gateway.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync().WaitAsync(Bound);
        return (response.Headers.GetValues("x-routing-credential").Single(), response.Headers.GetValues("x-routing-request-id").Single());
    }
}
