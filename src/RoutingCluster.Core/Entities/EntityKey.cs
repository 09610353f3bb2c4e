namespace RoutingCluster.Entities;

/// <summary>Address of one entity, e.g. <c>credential/openai-a</c> or <c>provider/openai</c>.</summary>
public readonly record struct EntityKey(string Kind, string Id)
{
    public const string CredentialKind = "credential";
    public const string ProviderKind = "provider";

    public static EntityKey Credential(string id) => new(CredentialKind, id);

    public static EntityKey Provider(string id) => new(ProviderKind, id);

    public override string ToString() => $"{Kind}/{Id}";
}
