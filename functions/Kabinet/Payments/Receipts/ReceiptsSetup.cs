using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;

namespace Kabinet.Payments.Receipts;

public static class ReceiptsSetup
{
    public static void AddPaymentReceipts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PaymentReceipts>().AddSingleton<IPaymentOutcome, PaymentOutcomeNotices>()
            .AddQueues(PaymentReceiptQueue.QueueName).AddBlobContainers(PaymentReceipts.Container)
            .AddErrors(ReceiptErrors.Catalog);
    }

    public static void MapPaymentReceipts(this WebApplication app)
    {
        app.MapReceiptEndpoint();
        // A storage or e-mail queue failure throws: the host retries (the PDF is overwritten, the marker keeps the mail single), then poisons.
        app.MapQueueFunction<PaymentReceiptMessage>(PaymentReceiptQueue.FunctionName, async (message, trigger) =>
        {
            var outcome = await trigger.Services.GetRequiredService<PaymentReceipts>().RenderAndMailAsync(message?.PaymentId ?? "", trigger.CancellationToken);
            var log = trigger.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions." + PaymentReceiptQueue.FunctionName);
            if (outcome.Skipped is { } why) log.LogWarning("Dropped receipt of payment {PaymentId}: {Reason}", message?.PaymentId, why);
            else log.LogInformation("Receipt of payment {PaymentId} stored, mailed: {Mailed}", message!.PaymentId, outcome.Mailed);
        });
    }
}
