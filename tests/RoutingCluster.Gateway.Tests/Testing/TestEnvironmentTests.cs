using Xunit;

namespace RoutingCluster.Testing;

public sealed class TestEnvironmentTests
{
    [Fact]
    public void SetSecret_UntilDisposed_VariableHoldsValueAndReferenceNamesIt()
    {
        string name;
        using (var secret = TestEnvironment.SetSecret("sk-test-123"))
        {
            name = secret.Name;
            Assert.StartsWith("RC_TEST_SECRET_", name, StringComparison.Ordinal);
            Assert.Equal("env:" + name, secret.Reference);
            Assert.Equal("sk-test-123", Environment.GetEnvironmentVariable(name));
        }

        Assert.Null(Environment.GetEnvironmentVariable(name));
    }

    [Fact]
    public void SetSecret_TwoSecrets_UseDifferentNames()
    {
        using var a = TestEnvironment.SetSecret("a");
        using var b = TestEnvironment.SetSecret("b");

        Assert.NotEqual(a.Name, b.Name);
    }
}
