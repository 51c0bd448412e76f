using System.Net;
using System.Text.Json;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Notifications;

/// <summary>Notices written straight into a user's partition (exact times), and the calls of /api/notifications.</summary>
public static class NoticeApi
{
    public static NotificationTables Tables(this TestApp app) => app.Services.GetRequiredService<NotificationTables>();

    /// <summary>A notice row of <paramref name="userId"/>; its id is random, its times as given.</summary>
    public static async Task<NoticeEntity> PutAsync(this TestApp app, string userId, string kind = NoticeKinds.Bell, DateTimeOffset? createdAt = null,
        Action<NoticeEntity>? with = null)
    {
        var row = new NoticeEntity
        {
            PartitionKey = userId,
            RowKey = NoticeIds.Of(Guid.NewGuid().ToString()),
            Kind = kind,
            Category = NoticeCategories.Service,
            DedupKey = "test|" + Guid.NewGuid(),
            Title = "Заголовок",
            Body = "Текст",
            RequiresConfirmation = kind == NoticeKinds.Modal,
            CreatedAt = createdAt ?? DateTimeOffset.UtcNow,
            Deliver = false,
        };
        with?.Invoke(row);
        await app.Tables().Notices.AddEntityAsync(row);
        return row;
    }

    public static async Task WithdrawAsync(this TestApp app, string broadcastId, bool withdrawn = true) =>
        await app.Tables().Broadcasts.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(WithdrawnBroadcasts.Partition, broadcastId) { [WithdrawnBroadcasts.Property] = withdrawn });

    public static Task<Reply> NoticesAsync(this TestApp app, TestUser user, string query = "") =>
        app.Client.SendAsync(user, HttpMethod.Get, "/api/notifications" + query);

    public static async Task<JsonElement> ListOkAsync(this TestApp app, TestUser user, string query = "")
    {
        var r = await app.NoticesAsync(user, query);
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        return r.Body;
    }

    public static string[] Ids(this JsonElement list) =>
        [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    public static Task<Reply> MoveAsync(this TestApp app, TestUser user, string id, string verb, object? body = null) =>
        app.Client.SendAsync(user, HttpMethod.Post, $"/api/notifications/{id}/{verb}", body);

    public static async Task<JsonElement> MoveOkAsync(this TestApp app, TestUser user, string id, string verb)
    {
        var r = await app.MoveAsync(user, id, verb);
        Assert.AreEqual(HttpStatusCode.OK, r.Status, $"{verb}: {r.Describe()}");
        return r.Body;
    }

    public static async Task<JsonElement> PendingOkAsync(this TestApp app, TestUser user)
    {
        var r = await app.Client.SendAsync(user, HttpMethod.Get, "/api/notifications/pending");
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        return r.Body;
    }

    public static DateTimeOffset? Time(this JsonElement notice, string name) =>
        notice.GetProperty(name).ValueKind == JsonValueKind.Null ? null : notice.GetProperty(name).GetDateTimeOffset();
}
