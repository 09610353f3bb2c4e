using RoutingCluster.Configuration;

namespace RoutingCluster.Routing;

/// <summary>One (model, credential) pair a step may send to.</summary>
/// <param name="Order">Declaration order within the step: models in step order, then credentials in file order.</param>
/// <param name="ReservedTokens">Tokens to reserve in the credential's token windows for this request.</param>
public sealed record Candidate(
    int Order,
    StepDefinition Step,
    ModelDefinition Model,
    ProviderDefinition Provider,
    CredentialDefinition Credential,
    long ReservedTokens)
{
    /// <summary>The output part of <see cref="ReservedTokens"/> (the rest is the estimated input), so the
    /// cost strategy can price input and output at their own rates.</summary>
    public long ReservedOutputTokens { get; init; }

    public string Label => $"{Model.Id} via {Credential.Id}";
}
