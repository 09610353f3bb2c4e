using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Ledger;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Ledger;

/// <summary>Raw HTTP helpers for the ledger tests: chat requests with a gateway key and the admin endpoints.</summary>
internal static class LedgerApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<HttpResponseMessage> SendAsync(TestGateway gateway, HttpMethod method, string path, string? key, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await gateway.Http.SendAsync(request);
    }

    /// <summary>Sends a chat completion and answers the request id the gateway named.</summary>
    public static async Task<string> ChatAsync(TestGateway gateway, string? key, string model = "default", HttpStatusCode expected = HttpStatusCode.OK, string? body = null)
    {
        using var response = await SendAsync(gateway, HttpMethod.Post, "/v1/chat/completions", key,
            body ?? $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(expected, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("x-routing-request-id"));
    }

    /// <summary>
    /// The record of a request. The front door appends it just after the last byte is written, so the
    /// client can be a moment ahead; this polls the endpoint (bounded) rather than sleeping.
    /// </summary>
    public static async Task<LedgerRecord> RecordAsync(TestGateway gateway, string? key, string id)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await SendAsync(gateway, HttpMethod.Get, $"/admin/requests/{id}", key);
            if (response.StatusCode == HttpStatusCode.OK || attempt >= 500)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (await response.Content.ReadFromJsonAsync<LedgerRecord>(Json))!;
            }
        }
    }

    public static async Task<IReadOnlyList<LedgerRecord>> ListAsync(TestGateway gateway, string? key, string query = "")
    {
        using var response = await SendAsync(gateway, HttpMethod.Get, "/admin/requests" + query, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<AdminEndpoints.RequestsReport>(Json))!;
        Assert.Equal(report.Count, report.Requests.Count);
        return report.Requests;
    }
}
