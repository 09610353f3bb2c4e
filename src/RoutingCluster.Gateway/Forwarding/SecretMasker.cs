using System.Runtime.CompilerServices;
using System.Text;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Masks secrets in text that came from outside (an upstream's error message, an exception's text)
/// before it reaches a client, a log line or the ledger: every configured provider key, any word of
/// eight characters or more that is part of one (an upstream quoting "sk-...abcd" or a prefix), and
/// anything shaped like a key even when it is not configured (a known key prefix such as
/// <c>sk-</c>, the word after <c>Bearer</c>, or a segment of 16+ characters mixing letters and digits).
/// One masker per config snapshot, built on first use.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "[redacted]";
    private const int MinFragment = 8;
    private const int MinRandomSegment = 16;

    private static readonly ConditionalWeakTable<GatewayDefinition, SecretMasker> PerConfig = new();
    private static readonly string[] KeyPrefixes = ["sk-", "sk_", "pk-", "rk-", "key-", "AIza", "xai-", "gsk_", "ghp_", "hf_", "eyJ"];

    private readonly string[] _secrets;

    public SecretMasker(IEnumerable<string> secrets) =>
        _secrets = [.. secrets.Where(s => s.Length >= MinFragment).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];

    public static SecretMasker For(GatewayDefinition config) =>
        PerConfig.GetValue(config, static c => new SecretMasker(c.Credentials.Select(credential => credential.ApiKey?.Reveal()).OfType<string>()));

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        StringBuilder? masked = null;
        var previousWasBearer = false;
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            while (end < text.Length && IsWordChar(text[end]))
            {
                end++;
            }

            if (end == start)
            {
                masked?.Append(text[start]);
                start++;
                continue;
            }

            var word = text.AsSpan(start, end - start);
            var secret = previousWasBearer || IsKeyShaped(word) || IsFragmentOfSecret(word);
            previousWasBearer = word.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
            if (secret && masked is null)
            {
                masked = new StringBuilder(text.Length).Append(text, 0, start);
            }

            if (masked is not null)
            {
                if (secret)
                {
                    masked.Append(Mask);
                }
                else
                {
                    masked.Append(word);
                }
            }

            start = end;
        }

        return masked?.ToString() ?? text;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '+' or '/';

    private bool IsFragmentOfSecret(ReadOnlySpan<char> word)
    {
        var trimmed = word.Trim('.');
        if (trimmed.Length < MinFragment)
        {
            return false;
        }

        foreach (var secret in _secrets)
        {
            if (secret.AsSpan().Contains(trimmed, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsKeyShaped(ReadOnlySpan<char> word)
    {
        foreach (var prefix in KeyPrefixes)
        {
            if (word.StartsWith(prefix, StringComparison.Ordinal) && word.Length > prefix.Length + 3)
            {
                return true;
            }
        }

        foreach (var range in word.SplitAny("-_./+"))
        {
            var segment = word[range];
            if (segment.Length >= MinRandomSegment && segment.ContainsAnyInRange('0', '9') && (segment.ContainsAnyInRange('a', 'z') || segment.ContainsAnyInRange('A', 'Z')))
            {
                return true;
            }
        }

        return false;
    }
}
