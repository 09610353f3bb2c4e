namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>Error texts shared by the front doors.</summary>
public static class FrontDoorMessages
{
    public const string BadGatewayKey =
        "Missing or invalid gateway key. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.";

    public static string BodyTooLarge(long limit) =>
        $"The request body is larger than the gateway's limit of {limit} bytes (server.maxRequestBodyBytes).";
}
