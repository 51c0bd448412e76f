using Kabinet.Platform.Invocation;

namespace Kabinet.Payments.Recheck;

/// <summary>
/// The five-minute timer RecheckPayments: asks the gateways about every payment whose check is due (see
/// <see cref="PaymentRecheck"/>). A missed run is caught up by the next: the rows stay due until a run takes them.
/// </summary>
public static class RecheckSetup
{
    public static void AddPaymentRecheck(this WebApplicationBuilder builder) => builder.Services.AddSingleton<PaymentRecheck>();

    public static void MapPaymentRecheck(this WebApplication app) =>
        app.MapTimerFunction("RecheckPayments", async trigger =>
        {
            var run = await trigger.Services.GetRequiredService<PaymentRecheck>().RunAsync(trigger.CancellationToken);
            trigger.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions.RecheckPayments")
                .LogInformation("Re-checked {Due} payments: {Settled} settled, {Rescheduled} rescheduled, {Expired} expired, {Left} left for the next run (past due: {IsPastDue})",
                    run.Due, run.Settled, run.Rescheduled, run.Expired, run.Left, trigger.Timer.IsPastDue);
        });
}
