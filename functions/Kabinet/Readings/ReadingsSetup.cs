using Kabinet.Platform.Errors;
using Kabinet.Providers;

namespace Kabinet.Readings;

public static class ReadingsSetup
{
    public static void AddReadings(this WebApplicationBuilder builder)
    {
        builder.Services.AddErrors(ReadingsErrors.Catalog);
    }

    /// <summary>
    /// Meters and readings under /api/accounts (the Accounts function), with Idempotency-Key on submissions (the platform's middleware);
    /// the meters of every linked account under /api/meters (the Meters function).
    /// </summary>
    public static void MapReadings(this WebApplication app)
    {
        app.MapReadingsFunction();
        app.MapMetersFunction();
    }
}
