using Kabinet.LocalHost;

namespace Kabinet.Tests.LocalHost;

/// <summary>The LocalHost runs and logs the app in the app's own environment, not its default "Production".</summary>
[TestClass]
public sealed class AppEnvironmentTests
{
    private static string EnvironmentOf(params (string Name, string Value)[] values) =>
        new AppSettings(values.ToDictionary(v => v.Name, v => v.Value)).AppEnvironment;

    [TestMethod]
    public void ASPNETCORE_ENVIRONMENT_wins_as_it_does_in_the_app() =>
        Assert.AreEqual("Staging", EnvironmentOf(("ASPNETCORE_ENVIRONMENT", "Staging"), ("AZURE_FUNCTIONS_ENVIRONMENT", "Development")));

    [TestMethod]
    public void The_functions_environment_counts_when_the_other_is_blank() =>
        Assert.AreEqual("Production", EnvironmentOf(("ASPNETCORE_ENVIRONMENT", " "), ("AZURE_FUNCTIONS_ENVIRONMENT", "Production")));

    [TestMethod]
    public void Development_when_both_are_blank() =>
        Assert.AreEqual("Development", EnvironmentOf(("ASPNETCORE_ENVIRONMENT", ""), ("AZURE_FUNCTIONS_ENVIRONMENT", "")));
}
