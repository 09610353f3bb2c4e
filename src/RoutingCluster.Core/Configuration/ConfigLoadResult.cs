using System.Diagnostics.CodeAnalysis;

namespace RoutingCluster.Configuration;

/// <summary>Either a valid <see cref="GatewayDefinition"/> or every error found, never both.</summary>
public sealed record ConfigLoadResult
{
    private ConfigLoadResult(GatewayDefinition? definition, IReadOnlyList<ConfigError> errors)
    {
        Definition = definition;
        Errors = errors;
    }

    public GatewayDefinition? Definition { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Definition))]
    public bool Ok => Definition is not null;

    public static ConfigLoadResult Success(GatewayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(definition, []);
    }

    public static ConfigLoadResult Failure(IReadOnlyList<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed load needs at least one error.", nameof(errors));
        }

        return new(null, errors);
    }
}
