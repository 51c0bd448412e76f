using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kabinet.Tests.Infrastructure;

/// <summary>The real Kabinet pipeline in memory, wired to the test run's Azurite and MailDev.</summary>
public sealed class KabinetFactory(IDictionary<string, string?>? settings = null, string environment = "Development") : WebApplicationFactory<Kabinet.Platform.Hosting.KabinetEntryPoint>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("AzureWebJobsStorage", TestEnvironment.StorageConnectionString);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", TestEnvironment.SmtpPort.ToString());
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Auth:SigningKey", TestEnvironment.SigningKey);
        // Tests share two cores with other tests: a sign-up waits for its hash rather than answering 503 (a test sets its own).
        builder.UseSetting("Auth:PasswordHashWaitMilliseconds", "60000");
        // Cheap hashes where the app allows them (Development): the hash cost is not what most tests are about.
        if (environment == "Development") builder.UseSetting("Auth:PasswordIterations", TestEnvironment.PasswordIterations.ToString());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }
}
