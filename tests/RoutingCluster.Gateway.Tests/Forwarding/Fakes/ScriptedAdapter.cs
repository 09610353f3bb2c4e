using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Providers;

namespace RoutingCluster.Gateway.Tests.Forwarding.Fakes;

/// <summary>An OpenAI-protocol adapter whose answer per credential is scripted by the test; records every send.</summary>
internal sealed class ScriptedAdapter : IProviderAdapter
{
    private readonly Dictionary<string, Func<CancellationToken, Task<UpstreamResponse>>> _answers = [];

    public ProviderProtocol Protocol => ProviderProtocol.OpenAiChat;

    public List<string> Sent { get; } = [];

    public void Answer(string credentialId, Func<CancellationToken, Task<UpstreamResponse>> answer) => _answers[credentialId] = answer;

    public void Answer(string credentialId, ScriptedResponse response) => Answer(credentialId, _ => Task.FromResult<UpstreamResponse>(response));

    public Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add(request.Credential.Id);
        }

        return _answers[request.Credential.Id](cancellationToken);
    }
}
