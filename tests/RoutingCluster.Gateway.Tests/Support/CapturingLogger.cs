using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>Keeps every formatted log entry written to it, for tests that check what a component logs.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(formatter(state, exception));
}
