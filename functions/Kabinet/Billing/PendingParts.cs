// TEMPORARY: stand-ins until the helpers' branches merge. Not committed.
using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;
using Kabinet.Platform.Storage;
namespace Kabinet.Billing;
public static class BillPdfQueue { public static Task EnqueueAsync(WorkQueues q, string a, string p, CancellationToken ct) => Task.CompletedTask; }
