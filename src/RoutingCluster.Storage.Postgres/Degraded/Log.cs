using Microsoft.Extensions.Logging;

namespace RoutingCluster.Storage.Postgres.Degraded;

internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Error,
        Message = "PostgreSQL unreachable; serving degraded from local state with limits divided by {Divisor} ({Error}: {Detail})")]
    public static partial void Degraded(ILogger logger, int divisor, string error, string detail);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "PostgreSQL reachable again; local usage reconciled, shared decisions resumed")]
    public static partial void Recovered(ILogger logger);
}
