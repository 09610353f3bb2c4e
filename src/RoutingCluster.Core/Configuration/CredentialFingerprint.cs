using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RoutingCluster.Entities;

namespace RoutingCluster.Configuration;

/// <summary>
/// A short, stable, non-secret summary of a credential's declaration: the first 16 hex digits of
/// a SHA-256 over its provider, id, key and limits. Any change to those gives a new fingerprint,
/// so state tied to the old declaration (a key disabled by a 401) can be dropped. Each field is
/// length-prefixed so no two declarations hash the same input; the key cannot be read back from
/// a truncated one-way hash.
/// </summary>
internal static class CredentialFingerprint
{
    public static string Compute(string providerId, string credentialId, SecretValue? apiKey, CredentialLimits limits)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(hash, providerId);
        AppendText(hash, credentialId);
        AppendText(hash, apiKey?.Reveal());
        AppendNumber(hash, limits.Concurrency);
        AppendNumber(hash, limits.Windows.Count);
        foreach (var window in limits.Windows)
        {
            AppendText(hash, window.Name);
            AppendNumber(hash, window.Span.Ticks);
            AppendNumber(hash, window.Requests);
            AppendNumber(hash, window.Tokens);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static void AppendText(IncrementalHash hash, string? text)
    {
        if (text is null)
        {
            AppendNumber(hash, null);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        AppendNumber(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendNumber(IncrementalHash hash, long? number)
    {
        Span<byte> buffer = stackalloc byte[9];
        buffer[0] = number.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(buffer[1..], number ?? 0);
        hash.AppendData(buffer);
    }
}
