using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Checks the gateway key of a request (<c>Authorization: Bearer</c> or <c>x-api-key</c>) against
/// the SHA-256 hashes in the config. Every configured key is compared, in constant time, whether or
/// not an earlier one matched, so the time taken says nothing about which key (if any) was close.
/// With no gateway key configured at all, every request is <see cref="Caller.Open"/>.
/// </summary>
public static class GatewayKeyAuthenticator
{
    private static readonly ConditionalWeakTable<GatewayKey, Caller> Callers = [];

    /// <returns>The caller, or null for a missing, unknown, revoked or malformed key.</returns>
    public static Caller? Authenticate(HttpRequest request, GatewayDefinition config)
    {
        if (config.GatewayKeys.Count == 0)
        {
            return Caller.Open;
        }

        var presented = PresentedKey(request);
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        GatewayKey? match = null;
        foreach (var key in config.GatewayKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256))
            {
                match ??= key;
            }
        }

        if (match is null || match.Revoked)
        {
            return null;
        }

        return Callers.GetValue(match, key => new Caller(key, key.TenantId is { } tenant ? config.Tenants[tenant] : null));
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
