using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using RoutingCluster.Testing;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// One owner for what a gateway test starts: a <see cref="MockUpstream"/> on loopback, the per-test
/// keys of its credentials (<see cref="UpstreamConfig"/>), gateway nodes on loopback started from YAML
/// on one shared clock, and whatever else the test hands over (<see cref="Own{T}"/>: secrets, a
/// cluster database, a proxy). Disposing it stops the gateways first, then the mock, then the rest
/// in reverse order, so no test writes that teardown again.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private readonly List<TestGateway> _gateways = [];
    private readonly List<object> _owned = [];

    private GatewayHarness(MockUpstream mock, UpstreamConfig upstream, TimeProvider time)
    {
        Mock = mock;
        Upstream = upstream;
        Clock = time;
    }

    public MockUpstream Mock { get; }

    /// <summary>The credentials' keys and the YAML around them.</summary>
    public UpstreamConfig Upstream { get; }

    /// <summary>The clock every gateway of this harness runs on.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The fake clock (for harnesses not started on a real clock).</summary>
    public FakeTimeProvider Time => (FakeTimeProvider)Clock;

    /// <summary>The first gateway started.</summary>
    public TestGateway Gateway => _gateways.Count > 0 ? _gateways[0] : throw new InvalidOperationException("No gateway started yet.");

    /// <summary>Every gateway started, in order (cluster nodes).</summary>
    public IReadOnlyList<TestGateway> Gateways => _gateways;

    /// <summary>A plain client for raw HTTP checks of the first gateway (no gateway key set).</summary>
    public HttpClient Http => Gateway.Http;

    /// <summary>Starts the mock upstream with one key per credential id; no gateway yet.</summary>
    /// <param name="time">The gateways' clock; a new <see cref="FakeTimeProvider"/> when null.</param>
    public static async Task<GatewayHarness> StartMockAsync(string[] credentialIds, TimeProvider? time = null)
    {
        var mock = await MockUpstream.StartAsync();
        return new GatewayHarness(mock, new UpstreamConfig(mock, credentialIds), time ?? new FakeTimeProvider());
    }

    /// <summary>The mock, then one gateway from the YAML built around its keys.</summary>
    public static async Task<GatewayHarness> StartAsync(string[] credentialIds, Func<UpstreamConfig, string> yaml, TimeProvider? time = null)
    {
        var harness = await StartMockAsync(credentialIds, time);
        try
        {
            await harness.StartGatewayAsync(yaml(harness.Upstream));
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another gateway on this harness's clock; disposed with the harness.</summary>
    /// <param name="extraArgs">More command-line arguments, e.g. <c>--node-id n1</c>.</param>
    public async Task<TestGateway> StartGatewayAsync(string yaml, params string[] extraArgs)
    {
        var gateway = await TestGateway.StartAsync(yaml, Clock, extraArgs);
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>Hands a resource (<see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>) to the harness to dispose.</summary>
    public T Own<T>(T resource)
        where T : class
    {
        if (resource is not (IAsyncDisposable or IDisposable))
        {
            throw new ArgumentException($"{typeof(T).Name} is not disposable.", nameof(resource));
        }

        _owned.Add(resource);
        return resource;
    }

    /// <summary>A secret in a per-test environment variable, removed with the harness.</summary>
    public TestSecret SetSecret(string value) => Own(TestEnvironment.SetSecret(value));

    /// <summary>A throwaway cluster database (see <see cref="ClusterConfig"/>), dropped with the harness.</summary>
    public async Task<ClusterConfig> CreateClusterAsync(int? port = null) => Own(await ClusterConfig.CreateAsync(port));

    /// <summary>
    /// Writes a config file for gateways this harness does not start (separate processes, see
    /// <see cref="GatewayProcess"/>); its folder is deleted with the harness.
    /// </summary>
    public async Task<string> WriteConfigAsync(string yaml)
    {
        var directory = Own(new TempDirectory(Directory.CreateTempSubdirectory("routing-cluster-node-").FullName));
        var path = Path.Combine(directory.Path, "gateway.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    /// <summary>An official OpenAI SDK client on the first gateway, with the SDK's own retries off.</summary>
    public ChatClient OpenAiChat(string model, string gatewayKey = "unused") => Gateway.OpenAiChat(model, gatewayKey);

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await Mock.DisposeAsync();
        Upstream.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            if (_owned[i] is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                ((IDisposable)_owned[i]).Dispose();
            }
        }
    }

    private sealed record TempDirectory(string Path) : IDisposable
    {
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
