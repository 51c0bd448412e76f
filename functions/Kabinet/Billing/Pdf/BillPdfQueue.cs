using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;

namespace Kabinet.Billing.Pdf;

/// <summary>A message on <c>bill-pdfs</c>: render this bill's PDF, store it, mail it (the RenderBillPdfs function).</summary>
public sealed record BillPdfMessage(string AccountId, string Period);

/// <summary>The queue that renders bills: billing enqueues each issued bill here.</summary>
public static class BillPdfQueue
{
    public const string QueueName = "bill-pdfs";
    public const string FunctionName = "RenderBillPdfs";

    /// <summary>Queues the rendering (and e-mail) of one issued bill. Safe to repeat: the PDF is overwritten with the same page, nobody is mailed twice.</summary>
    public static Task EnqueueAsync(this WorkQueues queues, string accountId, string period, CancellationToken ct) =>
        queues.SendAsync(QueueName, new BillPdfMessage(accountId, period), ct);

    public static void AddBillPdfs(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<BillPdfs>().AddQueues(QueueName).AddBlobContainers(BillPdfs.Container).AddErrors(BillPdfErrors.Catalog);

    public static void MapBillPdfs(this WebApplication app)
    {
        app.MapBillPdfEndpoint();
        // A storage or e-mail queue failure throws: the host retries (the PDF is overwritten, the markers keep mails single), then poisons.
        app.MapQueueFunction<BillPdfMessage>(FunctionName, async (message, trigger) =>
        {
            var outcome = await trigger.Services.GetRequiredService<BillPdfs>().RenderAndMailAsync(message?.AccountId ?? "", message?.Period ?? "", trigger.CancellationToken);
            var log = trigger.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions." + FunctionName);
            if (outcome.Skipped is { } why)
                log.LogWarning("Dropped bill PDF {AccountId} {Period}: {Reason}", message?.AccountId, message?.Period, why);
            else
                log.LogInformation("Bill PDF {AccountId} {Period} stored, mailed to {Mailed} users", message!.AccountId, message.Period, outcome.Mailed);
        });
    }
}
