using Kabinet.Billing.Penalties;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;

namespace Kabinet.Billing;

public static class BillingSetup
{
    public static void AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BillingTables>().AddTables(BillingTables.Names.All);
        builder.Services.AddSingleton<KeyRates>().AddErrors(PenaltyErrors.Catalog);
    }

    public static void MapBilling(this WebApplication app)
    {
        app.MapPenaltiesFunction();
    }
}
