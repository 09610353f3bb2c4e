using System.Globalization;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>Response headers that explain the route. The credential is named by id, never by its key.</summary>
public static class RoutingHeaders
{
    public const string Role = "x-routing-role";
    public const string Model = "x-routing-model";
    public const string Provider = "x-routing-provider";
    public const string Credential = "x-routing-credential";
    public const string Attempts = "x-routing-attempts";
    public const string RoleReason = "x-routing-role-reason";
    public const string Node = "x-routing-node";
    /// <summary>The tenant whose policy or own keys shaped the route (absent when none did).</summary>
    public const string Policy = "x-routing-policy";

    public static void Write(HttpResponse response, RouteTarget target, Candidate? served, int attempts, string node)
    {
        var headers = response.Headers;
        headers[Node] = node;

        headers[Role] = target.Role;
        headers[RoleReason] = target.Reason;
        headers[Attempts] = attempts.ToString(CultureInfo.InvariantCulture);
        if (served is not null)
        {
            headers[Model] = served.Model.Id;
            headers[Provider] = served.Provider.Id;
            headers[Credential] = served.Credential.Id;
        }
    }
}
