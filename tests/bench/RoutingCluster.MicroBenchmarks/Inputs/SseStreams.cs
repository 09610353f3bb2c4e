using System.Globalization;
using System.Text;

namespace RoutingCluster.MicroBenchmarks.Inputs;

/// <summary>An OpenAI chat completions stream as an upstream sends it: role chunk, content chunks,
/// finish chunk, usage-only chunk, then <c>[DONE]</c>.</summary>
public static class SseStreams
{
    public const int ChunkEvents = 50;

    public static byte[] OpenAiChat(string model)
    {
        var text = new StringBuilder();
        var head = $"{{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1748865600,\"model\":\"{model}\",\"system_fingerprint\":\"fp_bench\",";
        Append(text, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
        // Role chunk + content chunks + finish chunk + usage chunk = ChunkEvents.
        for (var i = 0; i < ChunkEvents - 3; i++)
        {
            var word = string.Create(CultureInfo.InvariantCulture, $" token{i} of the answer,");
            Append(text, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"},\"logprobs\":null,\"finish_reason\":null}]}");
        }

        Append(text, head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
        Append(text, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":1042,\"completion_tokens\":188,\"total_tokens\":1230}}");
        Append(text, "[DONE]");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Append(StringBuilder text, string data) => text.Append("data: ").Append(data).Append("\n\n");
}
