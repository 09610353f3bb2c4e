using Microsoft.Extensions.Logging;

namespace RoutingCluster.Storage.Postgres.Ledger;

internal static partial class Log
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning,
        Message = "Ledger write failed; {Pending} records kept for a retry, {Dropped} dropped so far ({Error}: {Detail})")]
    public static partial void WriteFailed(ILogger logger, int pending, long dropped, string error, string detail);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "Ledger stopped with {Pending} records not written")]
    public static partial void LostOnStop(ILogger logger, int pending);
}
