using Kabinet.Platform.Idempotency;

namespace Kabinet.Readings;

public static class ReadingsSetup
{
    public static void AddReadings(this WebApplicationBuilder builder) => builder.AddIdempotency();

    /// <summary>Meters and readings under /api/accounts (the Accounts function), with Idempotency-Key on submissions.</summary>
    public static void MapReadings(this WebApplication app)
    {
        ReadingsErrors.Register();
        app.UseIdempotency();
        app.MapReadingsFunction();
    }
}
