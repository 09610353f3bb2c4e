namespace RoutingCluster.Entities;

/// <summary>A pure function <c>(state, now) -> (state', result)</c>; it must not do I/O or read a clock.</summary>
public delegate Transition<TState, TResult> TransitionFunc<TState, TResult>(TState state, DateTimeOffset now);
