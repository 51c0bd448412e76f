using Kabinet.Payments.Cards;
using Kabinet.Payments.Receipts;
using Kabinet.Payments.Recheck;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;

namespace Kabinet.Payments;

public static class PaymentsSetup
{
    /// <summary>The payment flow, the sandbox gateway (the first gateway registered is the one new payments use) and the tables.</summary>
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PaymentTables>().AddTables(PaymentTables.Names.All)
            .AddSingleton<SandboxGateway>()
            .AddSingleton<IPaymentGateway>(s => s.GetRequiredService<SandboxGateway>())
            .AddSingleton<SavedCards>()
            .AddSingleton<PaymentFlow>()
            .AddErrors(PaymentErrors.Catalog);
        builder.AddPaymentReceipts();
        builder.AddGuestPayments();
        builder.AddPaymentRecheck();
    }

    public static void MapPayments(this WebApplication app)
    {
        app.MapPaymentsFunction();
        app.MapPaymentCards();
        app.MapPaymentReceipts();
        app.MapGuestPayments();
        app.MapPaymentRecheck();
    }
}
