using Kabinet.Platform.Storage;

namespace Kabinet.Billing;

public static class BillingSetup
{
    public static void AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BillingTables>().AddTables(BillingTables.Names.All);
    }

    public static void MapBilling(this WebApplication app)
    {
    }
}
