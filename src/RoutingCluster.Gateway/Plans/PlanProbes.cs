using System.Net.Http.Headers;
using System.Text.Json;
using RoutingCluster.Cluster;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Grains.Plans;
using RoutingCluster.Ledger;
using RoutingCluster.Plans;

namespace RoutingCluster.Gateway.Plans;

/// <summary>
/// The heartbeat probes of subscription profiles, sent by this node when a profile's grain (living
/// here) asks: a one-token request to the profile's configured cheap model, or a GET of its
/// provider's usage path, with the profile's token. What the answer's headers say of the plan goes
/// back to the grain. Every probe is recorded in the ledger (front door <c>heartbeat</c>, no
/// tenant, cost 0): it is the gateway's own traffic, billed to nobody.
/// </summary>
public sealed class PlanProbes(
    ActiveConfig active,
    ProviderAdapters adapters,
    IHttpClientFactory clients,
    PlanUsageReader reader,
    ILedger ledger,
    IClusterView cluster,
    TimeProvider time) : IPlanProbes
{
    /// <summary>The ledger's front door for probes.</summary>
    public const string FrontDoor = "heartbeat";

    private const int MaxBodyBytes = 64 * 1024;

    private ProfileIndex? _profiles;

    public TimeSpan? IntervalFor(string credentialId) => Profile(credentialId)?.Plan?.Heartbeat?.Every;

    public async Task<PlanObservation?> ProbeAsync(string credentialId, CancellationToken cancellationToken)
    {
        var config = active.Current;
        if (Profile(credentialId) is not { Plan: { Heartbeat: { } heartbeat } plan } credential
            || !config.Providers.TryGetValue(credential.ProviderId, out var provider))
        {
            return null;
        }

        var started = time.GetTimestamp();
        var at = time.GetUtcNow();
        var model = heartbeat.ModelId is { } modelId ? config.Models.GetValueOrDefault(modelId) : null;
        int status = 0;
        string? error = null;
        try
        {
            await using var response = model is not null
                ? await adapters.For(provider.Protocol).SendAsync(new UpstreamRequest(provider, credential, model, ProbeBody(provider.Protocol, model.UpstreamModel), Stream: false), cancellationToken)
                : await GetUsageAsync(provider, credential, heartbeat.UsagePath!, cancellationToken);
            status = response.Status;
            var body = await UpstreamBodyReader.ReadAsync(response.Body, response.ContentLength, MaxBodyBytes, cancellationToken);
            if (status is < 200 or >= 300)
            {
                error = $"upstream answered {status}{UpstreamStatus.ErrorSnippet(body)}";
            }

            return reader.Observe(credential.Id, plan, response.Header, status, status is >= 200 and < 300 ? [] : body, time.GetUtcNow());
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or UpstreamProtocolException)
        {
            error = e is OperationCanceledException ? "the probe timed out" : "connection failed: " + SecretMasker.For(config).Apply(e.Message);
            throw new HttpRequestException(error, e);
        }
        finally
        {
            ledger.Append(Record(credential, model, heartbeat, at, status, error, time.GetElapsedTime(started)));
        }
    }

    private LedgerRecord Record(CredentialDefinition credential, ModelDefinition? model, PlanHeartbeat heartbeat, DateTimeOffset at, int status, string? error, TimeSpan elapsed) =>
        new(
            "probe-" + Guid.NewGuid().ToString("N"), at, cluster.NodeId, Tenant: "", FrontDoor, RequestedModel: model?.Id ?? heartbeat.UsagePath!,
            Role: null, RoleReason: "heartbeat probe", Skipped: [], Attempts: [],
            error is null ? LedgerOutcomes.Success : LedgerOutcomes.Failed, status,
            model?.Id, credential.ProviderId, credential.Id, 0, 0, 0, CostUsd: 0, Stream: false, elapsed.TotalMilliseconds, error);

    /// <summary>The smallest request the provider's protocol takes: one short message, one output token (16 for Responses, its floor).</summary>
    private static byte[] ProbeBody(ProviderProtocol protocol, string upstreamModel)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", upstreamModel);
            if (protocol == ProviderProtocol.OpenAiResponses)
            {
                json.WriteNumber("max_output_tokens", 16);
                json.WriteString("input", "ping");
            }
            else
            {
                json.WriteNumber("max_tokens", 1);
                json.WriteStartArray("messages");
                json.WriteStartObject();
                json.WriteString("role", "user");
                json.WriteString("content", "ping");
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>GET of a path on the provider's own host (never anywhere else), with the profile's token.</summary>
    private async Task<UpstreamResponse> GetUsageAsync(ProviderDefinition provider, CredentialDefinition credential, string path, CancellationToken cancellationToken)
    {
        var baseUrl = provider.BaseUrl ?? throw new HttpRequestException($"provider {provider.Id} has no baseUrl");
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
        if (credential.ApiKey is { } token)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        }

        if (provider.Protocol == ProviderProtocol.AnthropicMessages)
        {
            message.Headers.TryAddWithoutValidation(AnthropicHeaders.Version, AnthropicMessagesAdapter.DefaultVersion);
            message.Headers.TryAddWithoutValidation(AnthropicHeaders.Beta, AnthropicMessagesAdapter.OAuthBeta);
        }

        return await HttpUpstreamResponse.SendAsync(clients.CreateClient(UpstreamClient.Name), message, cancellationToken);
    }

    private CredentialDefinition? Profile(string credentialId)
    {
        var config = active.Current;
        var cached = Volatile.Read(ref _profiles);
        if (cached is null || !ReferenceEquals(cached.Config, config))
        {
            cached = new ProfileIndex(config, config.Credentials.Where(c => c.Plan is not null).ToDictionary(c => c.Id, StringComparer.Ordinal));
            Volatile.Write(ref _profiles, cached);
        }

        return cached.Profiles.GetValueOrDefault(credentialId);
    }

    /// <summary>The profiles of one config, by id: every grain asks for its interval each tick.</summary>
    private sealed record ProfileIndex(GatewayDefinition Config, Dictionary<string, CredentialDefinition> Profiles);
}
