using System.Net.Http.Headers;
using System.Text;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// One endpoint under measurement: the mock upstream itself (the baseline) or a gateway in front of it.
/// The bodies are serialized once; every request gets its own message around the same bytes.
/// </summary>
public sealed class BenchTarget
{
    private readonly byte[] _body;
    private readonly byte[] _streamBody;
    private readonly string? _apiKey;

    /// <param name="name">Short label for the report.</param>
    /// <param name="chatUrl">The chat completions URL.</param>
    /// <param name="model">The <c>model</c> sent: an upstream model (direct) or a role (gateway).</param>
    /// <param name="apiKey">The provider key when calling the upstream directly; null for the gateway (no gateway keys).</param>
    /// <param name="isGateway">Whether responses must carry the gateway's routing headers.</param>
    public BenchTarget(string name, Uri chatUrl, string model, string? apiKey, bool isGateway)
    {
        Name = name;
        ChatUrl = chatUrl;
        IsGateway = isGateway;
        _apiKey = apiKey;
        const string messages = """[{"role":"user","content":"Say hello in one short sentence."}]""";
        _body = Encoding.UTF8.GetBytes($$"""{"model":"{{model}}","messages":{{messages}},"max_tokens":16}""");
        // The gateway asks its upstream for the usage chunk on every stream; ask the same when direct,
        // so the mock produces the same events on both paths.
        var streamExtra = isGateway ? "" : ""","stream_options":{"include_usage":true}""";
        _streamBody = Encoding.UTF8.GetBytes(
            $$"""{"model":"{{model}}","messages":{{messages}},"max_tokens":16,"stream":true{{streamExtra}}}""");
    }

    public string Name { get; }

    public Uri ChatUrl { get; }

    public bool IsGateway { get; }

    public HttpRequestMessage CreateRequest(bool stream)
    {
        var content = new ByteArrayContent(stream ? _streamBody : _body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, ChatUrl) { Content = content };
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        return request;
    }
}
