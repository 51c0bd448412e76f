using Azure.Data.Tables;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Notifications;

/// <summary>Users' notice rows read straight from the notices table (the events' tests do not need the notices API).</summary>
public static class NoticeRows
{
    private static readonly TableClient Notices = new TableServiceClient(TestEnvironment.StorageConnectionString).GetTableClient(NotificationTables.Names.Notices);

    public static async Task<List<NoticeEntity>> OfAsync(string userId)
    {
        var rows = new List<NoticeEntity>();
        await foreach (var row in Notices.QueryAsync<NoticeEntity>(n => n.PartitionKey == userId)) rows.Add(row);
        return rows;
    }

    /// <summary>Polls until the user has a notice of the template (raised by a queue function of the shared host), or fails after 30 s.</summary>
    public static async Task<List<NoticeEntity>> WaitForAsync(string userId, string template, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rows = (await OfAsync(userId)).Where(n => n.Template == template).ToList();
            if (rows.Count >= count) return rows;
            if (DateTime.UtcNow > deadline) Assert.Fail($"user {userId} has {rows.Count} notices {template}, expected {count}");
            await Task.Delay(200);
        }
    }
}
