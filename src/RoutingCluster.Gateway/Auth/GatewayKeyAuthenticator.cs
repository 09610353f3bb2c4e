using System.Security.Cryptography;
using System.Text;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Checks the gateway key of a request (<c>Authorization: Bearer</c> or <c>x-api-key</c>) against
/// the SHA-256 hashes in the config, in constant time. With no gateway keys configured every
/// request is let in as <see cref="Anonymous"/>.
/// </summary>
public static class GatewayKeyAuthenticator
{
    public const string Anonymous = "anonymous";

    /// <returns>The id of the matching key, <see cref="Anonymous"/> when none are configured, or null when refused.</returns>
    public static string? Authenticate(HttpRequest request, GatewayDefinition config)
    {
        if (config.GatewayKeys.Count == 0)
        {
            return Anonymous;
        }

        var presented = PresentedKey(request);
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        string? match = null;
        foreach (var key in config.GatewayKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256))
            {
                match ??= key.Id;
            }
        }

        return match;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers["x-api-key"].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }
}
