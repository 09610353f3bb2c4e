namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>One complaint of the values schema: the JSON pointer of the offending key, the schema keyword, Ajv's message.</summary>
public sealed record SchemaError(string Key, string Keyword, string Message);
