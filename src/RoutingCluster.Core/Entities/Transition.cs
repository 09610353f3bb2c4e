namespace RoutingCluster.Entities;

/// <summary>What a transition returns: the next state and the answer for the caller.</summary>
public readonly record struct Transition<TState, TResult>(TState State, TResult Result);
