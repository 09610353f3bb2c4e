
namespace RoutingCluster.Gateway.Logging;

/// <summary>Every log event of the gateway, with its id. Secrets are never a parameter here.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Config loaded from {Source}: {Roles} roles, {Models} models, {Credentials} credentials")]
    public static partial void ConfigLoaded(ILogger logger, string source, int roles, int models, int credentials);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Config reload from {Source} rejected with {ErrorCount} error(s), keeping the last good config:\n{Errors}")]
    public static partial void ConfigReloadRejected(ILogger logger, string source, int errorCount, string errors);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Config watcher failed for {Source}")]
    public static partial void ConfigWatchFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "{FrontDoor} role={Role} model={Model} credential={Credential} status={Status} attempts={Attempts} tokens={Tokens} ms={ElapsedMs}")]
    public static partial void RequestCompleted(ILogger logger, string frontDoor, string role, string model, string credential, int status, int attempts, long tokens, long elapsedMs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Request failed for role {Role}: {Status} {Message}")]
    public static partial void RequestFailed(ILogger logger, string role, int status, string message);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Attempt failed for role {Role}, model {Model} via {Credential}: {Detail}")]
    public static partial void AttemptFailed(ILogger logger, string role, string model, string credential, string detail);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Stream from {Credential} broke after the first byte: {Reason}")]
    public static partial void StreamBroken(ILogger logger, string credential, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Unhandled error while serving {Path}")]
    public static partial void Unhandled(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "No answer from grain {Grain} ({Error}); the attempt moves to the next candidate")]
    public static partial void AcquireUnknown(ILogger logger, string grain, string error);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Could not release a lease on grain {Grain} ({Error}); it comes back at its TTL")]
    public static partial void ReleaseFailed(ILogger logger, string grain, string error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Settle of an attempt on {Credential} failed ({Error}); its lease comes back at its TTL")]
    public static partial void SettleFailed(ILogger logger, string credential, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Fleet refresh failed for {Failed} of {Total} grains; the view keeps their last state")]
    public static partial void RefreshFailed(ILogger logger, int failed, int total);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Database not reachable yet for the schema ({Error}); retrying")]
    public static partial void DatabaseNotReady(ILogger logger, string error);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Could not settle budget {Budget} ({Error}); its reservation counts as spent at its TTL")]
    public static partial void BudgetSettleFailed(ILogger logger, string budget, string error);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Could not settle the rate-limit lease of tenant {Tenant} ({Error}); it comes back at its TTL")]
    public static partial void TenantSettleFailed(ILogger logger, string tenant, string error);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Plan headers of profile {Credential} ignored, not readable: {Ignored}")]
    public static partial void PlanHeadersIgnored(ILogger logger, string credential, string ignored);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Grains not deactivated ahead of the silo's stop ({Error}); the silo deactivates them")]
    public static partial void GrainsNotRetired(ILogger logger, string error);
}
