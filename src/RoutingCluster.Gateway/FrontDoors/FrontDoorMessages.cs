namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>Error texts shared by the front doors.</summary>
public static class FrontDoorMessages
{
    public const string BadGatewayKey =
        "Missing or invalid gateway key. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.";

    public const string AdminKeyRequired =
        "This gateway key may not use this endpoint: it needs an admin key (one in `adminKeys`, or of a tenant with `admin: true`).";

    public const string AdminKeyNoModels =
        "This is an admin key (from `adminKeys`): it reads /admin but sends no model requests. Use a tenant's key.";

    public static string BodyTooLarge(long limit) =>
        $"The request body is larger than the gateway's limit of {limit} bytes (server.maxRequestBodyBytes).";
}
