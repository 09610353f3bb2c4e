using System.Net.Http.Headers;
using System.Text;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// One endpoint under measurement: the mock upstream itself (the baseline) or a gateway (or several
/// gateway nodes, requests spread round-robin across them) in front of it. The bodies are serialized
/// once; every request gets its own message around the same bytes.
/// </summary>
public sealed class BenchTarget
{
    private readonly byte[] _body;
    private readonly byte[] _streamBody;
    private readonly string? _apiKey;
    private readonly Uri[] _chatUrls;
    private int _next;

    /// <param name="name">Short label for the report.</param>
    /// <param name="chatUrls">The chat completions URL of each node.</param>
    /// <param name="model">The <c>model</c> sent: an upstream model (direct) or a role (gateway).</param>
    /// <param name="apiKey">The provider key when calling the upstream directly; null for the gateway (no gateway keys).</param>
    /// <param name="isGateway">Whether responses must carry the gateway's routing headers.</param>
    public BenchTarget(string name, IReadOnlyList<Uri> chatUrls, string model, string? apiKey, bool isGateway)
    {
        Name = name;
        _chatUrls = [.. chatUrls];
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

    public IReadOnlyList<Uri> ChatUrls => _chatUrls;

    /// <summary>The non-streaming request body (for an external load generator).</summary>
    public string Body => Encoding.UTF8.GetString(_body);

    /// <summary>The provider key sent when calling the upstream directly (a random value the mock does not check); null for the gateway.</summary>
    public string? ApiKey => _apiKey;

    public bool IsGateway { get; }

    public HttpRequestMessage CreateRequest(bool stream)
    {
        var content = new ByteArrayContent(stream ? _streamBody : _body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var url = _chatUrls[(int)((uint)Interlocked.Increment(ref _next) % (uint)_chatUrls.Length)];
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        return request;
    }
}
