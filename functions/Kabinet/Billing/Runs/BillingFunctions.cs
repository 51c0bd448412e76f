using Azure.Data.Tables;
using Kabinet.Platform.Invocation;
using Kabinet.Providers;

namespace Kabinet.Billing;

/// <summary>
/// The hourly timer CloseDuePeriods and the run's two queue functions. The timer asks, for every provider, whether the month
/// before today (in the provider's zone) is closed, and starts its run when not: a missed hour, a daylight-saving change or a
/// zone far from UTC is the same question asked again an hour later; bills are out on the 1st, well before the 5th.
/// </summary>
public static class BillingFunctions
{
    public static void MapBillingFunctions(this WebApplication app)
    {
        app.MapTimerFunction("CloseDuePeriods", async trigger =>
        {
            var services = trigger.Services;
            var runs = services.GetRequiredService<BillingRuns>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions.CloseDuePeriods");
            var started = 0;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ProviderEntity.Partition}");
            await foreach (var provider in services.GetRequiredService<ProviderTables>().Providers.QueryAsync<ProviderEntity>(filter, cancellationToken: trigger.CancellationToken))
            {
                var period = BillingRunRules.EndedPeriod(BillPlanner.LocalDate(now, provider.TimeZone));
                var existing = await runs.GetAsync(BillingRunRules.RunId(provider.ProviderId, period), trigger.CancellationToken);
                if (existing?.FinishedAt is not null) continue;
                await runs.StartAsync(provider, period, "timer", null, trigger.CancellationToken);
                started++;
            }
            log.LogInformation("Billing runs started or resumed: {Count} (past due: {IsPastDue})", started, trigger.Timer.IsPastDue);
        });

        app.MapQueueFunction<BillingRunMessage>("StartBillingRun", (message, trigger) =>
            trigger.Services.GetRequiredService<BillingRuns>().ResolveAsync(message.RunId ?? "", trigger.CancellationToken));
        app.MapQueueFunction<BillingSliceMessage>("CloseBillingSlice", (message, trigger) =>
            trigger.Services.GetRequiredService<BillingRuns>().SliceAsync(message.RunId ?? "", message.Slice, trigger));
    }
}
