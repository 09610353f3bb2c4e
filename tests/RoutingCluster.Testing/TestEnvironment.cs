namespace RoutingCluster.Testing;

public static class TestEnvironment
{
    /// <summary>Sets <c>RC_TEST_SECRET_&lt;guid&gt;</c> to <paramref name="value"/> until the result is disposed.</summary>
    public static TestSecret SetSecret(string value) =>
        new($"RC_TEST_SECRET_{Guid.NewGuid():N}".ToUpperInvariant(), value);
}
