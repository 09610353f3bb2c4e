using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace RoutingCluster.Gateway.Tests.Hosting;

/// <summary>
/// Generated malformed bodies and headers (a fixed seed, so a failure reproduces) sent to every
/// front door, over models served both as they are and translated: no answer is a 500, and every
/// error is a well-formed body in the door's wire format.
/// </summary>
public sealed class FrontDoorFuzzTests(ITestOutputHelper output) : TwoProtocolGatewayTests
{
    private const int CasesPerTarget = 120;

    /// <summary>Door path, model (a pass-through one and a translated one per door), and whether the door speaks Anthropic.</summary>
    public static TheoryData<string, string> Targets => new()
    {
        { "/v1/chat/completions", "openai" },
        { "/v1/chat/completions", "anthropic" },
        { "/v1/messages", "anthropic" },
        { "/v1/messages", "openai" },
        { "/v1/messages/count_tokens", "anthropic" },
        { "/v1/responses", "openai" },
        { "/v1/responses", "anthropic" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Fuzz_MalformedRequests_NeverA500AndEveryErrorWellFormed(string path, string model)
    {
        Mock.SetDefault(Testing.MockReply.Ok("fine"));
        var random = new Random(HashCode.Combine(path.Length, model.Length, 20261201));
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < CasesPerTarget; i++)
        {
            var (body, headers, what) = FuzzCases.Next(random, model, responses: path == "/v1/responses");
            var head = $"POST {path} HTTP/1.1\r\nContent-Type: application/json\r\n{headers}Content-Length: {body.Length}";
            var reply = await RawHttp.SendAsync(Gateway.BaseUrl, head, body);
            statuses[reply.Status] = statuses.GetValueOrDefault(reply.Status) + 1;

            Assert.True(reply.Status is < 500 or 502 or 503 or 504, $"case {i} ({what}): status {reply.Status}: {reply.Body}");
            if (reply.Status >= 400)
            {
                try
                {
                    ErrorBodies.AssertFor(path, reply.Body);
                }
                catch (Exception ex)
                {
                    throw new Xunit.Sdk.XunitException($"case {i} ({what}): status {reply.Status}, body not a well-formed error: {reply.Body}\n{ex.Message}");
                }
            }
        }

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.Contains(statuses.Keys, status => status == 400);
    }

    /// <summary>Mutations of a valid body, and header values off every grammar.</summary>
    private static class FuzzCases
    {
        private static readonly string[] Values =
        [
            "null", "true", "1", "-1", "0", "1e999", "-9223372036854775809", "\"\"", "\"x\"", "[]", "{}", "[1,\"a\",null]", "{\"type\":1}",
            "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "[[[[[[[[[[]]]]]]]]]]", "{\"type\":\"image_url\",\"image_url\":{\"url\":1}}",
            "[{\"type\":\"tool_use\"}]", "[{\"role\":1,\"content\":{}}]", "[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":null}]}]",
            "[{\"role\":\"tool\",\"content\":null}]", "[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":5}}]}]",
            "[{\"type\":\"function\",\"function\":null}]", "[{\"type\":\"function_call\"}]", "[{\"type\":\"function_call_output\",\"call_id\":1}]",
            "[{\"type\":\"message\",\"role\":\"tool\",\"content\":\"x\"}]", "{\"effort\":1}", "[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\"}]}]",
            "[{\"type\":\"reasoning\",\"summary\":[]}]", "[{\"role\":\"developer\",\"content\":[{\"type\":\"input_image\"}]}]", "[{\"role\":\"user\",\"content\":\"\\ud83d\"}]",
            "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\\udc00\"}]}]", "[{\"name\":\"\\ud800\",\"input_schema\":{}}]", "{\"type\":\"enabled\",\"budget_tokens\":\"many\"}",
        ];

        private static readonly string[] ResponsesRouted = ["model", "input", "max_output_tokens"];

        private static readonly string[] Fields =
        [
            "model", "messages", "max_tokens", "max_completion_tokens", "stream", "stream_options", "tools", "tool_choice", "thinking",
            "reasoning_effort", "system", "temperature", "stop", "metadata", "response_format", "n", "\\ud800",
            "input", "instructions", "reasoning", "max_output_tokens", "previous_response_id", "text", "parallel_tool_calls",
        ];

        public static (byte[] Body, string Headers, string What) Next(Random random, string model, bool responses)
        {
            var valid = responses
                ? $$"""{"model":"{{model}}","max_output_tokens":64,"input":[{"role":"user","content":"hello"}]}"""
                : $$"""{"model":"{{model}}","max_tokens":64,"messages":[{"role":"user","content":"hello"}]}""";
            var headers = random.Next(4) == 0 ? Header(random) : "anthropic-version: 2023-06-01\r\n";
            switch (random.Next(7))
            {
                case 0:
                    var cut = random.Next(valid.Length);
                    return (Encoding.UTF8.GetBytes(valid[..cut]), headers, $"truncated at {cut}");
                case 1:
                    var bytes = Encoding.UTF8.GetBytes(valid);
                    var at = random.Next(bytes.Length);
                    bytes[at] = (byte)random.Next(256);
                    return (bytes, headers, $"byte {at} = {bytes[at]}");
                case 2:
                    var field = Fields[random.Next(Fields.Length)];
                    var value = Values[random.Next(Values.Length)];
                    return (Encoding.UTF8.GetBytes(valid.Replace("{\"model\"", $"{{\"{field}\":{value},\"model\"", StringComparison.Ordinal)), headers, $"{field}: {value}");
                case 3:
                    var replaced = responses ? ResponsesRouted[random.Next(ResponsesRouted.Length)] : Fields[random.Next(4)];
                    var with = Values[random.Next(Values.Length)];
                    var body = valid.Replace($"\"{replaced}\":", $"\"{replaced}\":{with},\"x-{replaced}\":", StringComparison.Ordinal);
                    return (Encoding.UTF8.GetBytes(body), headers, $"{replaced} replaced by {with}");
                case 4:
                    var depth = random.Next(10, 2000);
                    return (Encoding.UTF8.GetBytes(valid.Replace("\"hello\"", new string('[', depth) + new string(']', depth), StringComparison.Ordinal)), headers, $"nesting {depth}");
                case 5:
                    var noise = new byte[random.Next(1, 64)];
                    random.NextBytes(noise);
                    return (noise, headers, "random bytes");
                default:
                    return (Encoding.UTF8.GetBytes(valid), Header(random), "header");
            }
        }

        private static string Header(Random random)
        {
            var name = random.Next(3) switch { 0 => "anthropic-version", 1 => "anthropic-beta", _ => "x-routing-role" };
            var value = random.Next(5) switch
            {
                0 => "café",
                1 => new string('b', random.Next(1000, 5000)),
                2 => "a,,b;c",
                3 => "２０２３-06-01",
                _ => "\u00e9\u4e2d\u6587",
            };
            return $"{name}: {value}\r\n";
        }
    }
}
