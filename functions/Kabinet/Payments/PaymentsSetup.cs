using Kabinet.Payments.Cards;
using Kabinet.Payments.Receipts;
using Kabinet.Payments.Recheck;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;

namespace Kabinet.Payments;

public static class PaymentsSetup
{
    /// <summary>The payment flow, the gateways (the first registered is the one new payments use; none: 503 payment.unavailable) and the tables.</summary>
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PaymentTables>().AddTables(PaymentTables.Names.All)
            .AddSingleton<SandboxGateway>()
            .AddSingleton<SavedCards>()
            .AddSingleton<PaymentFlow>()
            .AddErrors(PaymentErrors.Catalog);
        // Anyone can succeed a sandbox payment from its page: a deployed app takes it only when told to, for a trial.
        if (SandboxGateway.IsEnabled(builder.Environment, builder.Configuration))
            builder.Services.AddSingleton<IPaymentGateway>(s => s.GetRequiredService<SandboxGateway>());
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
