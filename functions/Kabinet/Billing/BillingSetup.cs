using Kabinet.Billing.Charges;
using Kabinet.Billing.Pdf;
using Kabinet.Billing.Penalties;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;

namespace Kabinet.Billing;

public static class BillingSetup
{
    public static void AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BillingTables>().AddTables(BillingTables.Names.All)
            .AddQueues(BillingRunMessage.QueueName, BillingSliceMessage.QueueName)
            .AddSingleton<AccountCloser>()
            .AddSingleton<BillingRuns>()
            .AddSingleton<ClosingPeriods>()
            .AddSingleton<KeyRates>()
            .AddSingleton<Notifications.IReminderKind, PaymentReminder>()
            .AddErrors(BillingErrors.Catalog)
            .AddErrors(ChargeErrors.Catalog)
            .AddErrors(PenaltyErrors.Catalog);
        builder.AddBillPdfs();
    }

    public static void MapBilling(this WebApplication app)
    {
        app.MapBillingRuns();
        app.MapBillingFunctions();
        app.MapAccountBilling();
        app.MapPenaltiesFunction();
        app.MapBillPdfs();
    }
}
