using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// The <c>keys</c> verb. <c>keys new --id ID</c> mints a gateway key (32 random bytes), prints it
/// once, and prints the config line holding only its hash; <c>keys hash --id ID</c> reads an
/// existing key from standard input (never from the command line, which shells keep in history)
/// and prints that line. The gateway keeps no record of either: a lost key is revoked and a new
/// one minted. Exit code 0, or 2 for bad arguments or an empty input.
/// </summary>
public static class KeysCommand
{
    public const string Usage = "Usage: keys new --id KEY-ID | keys hash --id KEY-ID < file-holding-the-key";

    /// <summary>What a minted key starts with, so a leaked one is recognisable (and found by secret scanners).</summary>
    public const string KeyPrefix = "rc-";

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [var verb and ("new" or "hash"), "--id", var id] || !IsKeyId(id))
        {
            errors.WriteLine(args is [_, "--id", var bad] && !IsKeyId(bad)
                ? $"Key id `{bad}` may hold only letters, digits, `.`, `_` and `-`.\n{Usage}"
                : Usage);
            return 2;
        }

        string key;
        if (verb == "new")
        {
            key = KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            output.WriteLine("New gateway key (shown once, store it now; the gateway keeps only its hash):");
            output.WriteLine(key);
            output.WriteLine();
        }
        else
        {
            key = input.ReadToEnd().Trim();
            if (key.Length == 0)
            {
                errors.WriteLine($"No key on standard input.\n{Usage}");
                return 2;
            }
        }

        output.WriteLine("Paste this line under the tenant's `keys:` (or under `adminKeys:`):");
        output.WriteLine(ConfigLine(id, key));
        return 0;
    }

    /// <summary><c>- { id: ID, hash: "sha256:HEX" }</c>: the YAML entry the config validator reads back.</summary>
    public static string ConfigLine(string id, string key) =>
        $"- {{ id: {id}, hash: \"{ConfigValidator.HashPrefix}{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}\" }}";

    private static bool IsKeyId(string id) => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
