using Kabinet.Platform.Errors;
using Kabinet.Platform.Idempotency;
using Kabinet.Providers;

namespace Kabinet.Readings;

public static class ReadingsSetup
{
    public static void AddReadings(this WebApplicationBuilder builder)
    {
        builder.AddIdempotency();
        builder.Services.AddSingleton<ProviderCache>().AddErrors(ReadingsErrors.Catalog);
    }

    /// <summary>Meters and readings under /api/accounts (the Accounts function), with Idempotency-Key on submissions.</summary>
    public static void MapReadings(this WebApplication app)
    {
        app.UseIdempotency();
        app.MapReadingsFunction();
    }
}
