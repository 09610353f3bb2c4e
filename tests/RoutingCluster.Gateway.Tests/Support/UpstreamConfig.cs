using RoutingCluster.Testing;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// Builds gateway YAML around a <see cref="MockUpstream"/>: one openai-chat provider with keys
/// whose secrets come from per-test environment variables.
/// </summary>
public sealed class UpstreamConfig : IDisposable
{
    private readonly List<TestSecret> _secrets = [];

    public UpstreamConfig(MockUpstream mock, params string[] credentialIds)
    {
        Mock = mock;
        foreach (var id in credentialIds)
        {
            _secrets.Add(TestEnvironment.SetSecret($"sk-{id}-{Guid.NewGuid():N}"));
        }

        CredentialIds = credentialIds;
    }

    public MockUpstream Mock { get; }

    public IReadOnlyList<string> CredentialIds { get; }

    /// <summary>The provider key (secret value) of a credential, as the mock sees it.</summary>
    public string KeyOf(string credentialId) => _secrets[Array.IndexOf([.. CredentialIds], credentialId)].Value;

    /// <summary>The <c>env:NAME</c> reference holding a credential's key.</summary>
    public string ReferenceOf(string credentialId) => _secrets[Array.IndexOf([.. CredentialIds], credentialId)].Reference;

    public string ProviderYaml(string providerId = "up") =>
        $"""
          - id: {providerId}
            protocol: openai-chat
            baseUrl: {Mock.OpenAiBaseUrl}
            class: hosted
        """;

    /// <param name="limits">YAML flow mapping for every credential, e.g. <c>{ rpm: 2 }</c>.</param>
    public string CredentialsYaml(string providerId = "up", string? limits = null)
    {
        var lines = CredentialIds.Select((id, i) =>
            $"  - {{ id: {id}, provider: {providerId}, apiKey: \"{_secrets[i].Reference}\"{(limits is null ? "" : $", limits: {limits}")} }}");
        return string.Join('\n', lines);
    }

    /// <summary>A whole config: one model <c>m1</c> (upstream <c>up-model-1</c>) and a <c>default</c> role over it.</summary>
    public string SimpleYaml(string strategy = "priority", string? limits = null, string extra = "") =>
        $$"""
        providers:
        {{ProviderYaml()}}
        credentials:
        {{CredentialsYaml(limits: limits)}}
        models:
          - { id: m1, provider: up, upstreamModel: up-model-1, contextWindow: 16000, capabilities: [tools] }
        roles:
          default:
            chain:
              - { models: [m1], strategy: {{strategy}} }
        {{extra}}
        """;

    public void Dispose()
    {
        foreach (var secret in _secrets)
        {
            secret.Dispose();
        }
    }
}
