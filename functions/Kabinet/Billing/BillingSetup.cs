using Kabinet.Billing.Pdf;
using Kabinet.Platform.Storage;

namespace Kabinet.Billing;

public static class BillingSetup
{
    public static void AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BillingTables>().AddTables(BillingTables.Names.All);
        builder.AddBillPdfs();
    }

    public static void MapBilling(this WebApplication app)
    {
        app.MapBillPdfs();
    }
}
