using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kabinet.Auth;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Notifications;

/// <summary>Users, notices and invocations of DeliverNotices for the delivery tests: written directly, never queued.</summary>
public static class DeliveryKit
{
    /// <summary>22:00 in Moscow is 19:00 UTC; 08:00 is 05:00 UTC.</summary>
    public static DateTimeOffset MoscowNight(DateTimeOffset day) => new(day.UtcDateTime.Date.AddHours(20), TimeSpan.Zero);   // 23:00
    public static DateTimeOffset MoscowDay(DateTimeOffset day) => new(day.UtcDateTime.Date.AddHours(9), TimeSpan.Zero);      // 12:00

    /// <summary>A user with a confirmed phone and e-mail, every channel switched on, changed by <paramref name="set"/>.</summary>
    public static async Task<UserEntity> UserAsync(TestApp app, Action<UserEntity>? set = null)
    {
        var minted = await app.MintAsync(byEmail: false);
        var table = app.Services.GetRequiredService<AuthTables>().Users;
        var user = (await table.GetEntityAsync<UserEntity>(minted.Id, UserEntity.Row)).Value;
        user.Email = TestUsers.NewEmail();
        user.EmailConfirmed = true;
        user.NotifyEmail = user.NotifySms = user.NotifyMessenger = true;
        set?.Invoke(user);
        await table.UpdateEntityAsync(user, user.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
        return user;
    }

    public static NoticeDraft Draft(string category, string? title = null, bool english = false) =>
        new(TestEnvironment.UniqueName("dk"), category, new NoticeText(title ?? "Уведомление " + Guid.NewGuid().ToString("N")[..10], "Текст уведомления.", "Открыть"),
            english ? new NoticeText("Notice in English", "The notice's text.", "Open") : null) { ActionUrl = "/notifications" };

    public static async Task<NoticeEntity> NoticeAsync(TestApp app, UserEntity user, NoticeDraft draft, string zone = "Europe/Moscow")
    {
        var notice = draft.ToEntity(user.UserId, zone, app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        await app.Services.GetRequiredService<NotificationTables>().Notices.AddEntityAsync(notice);
        return notice;
    }

    public static async Task<NoticeEntity> ReadAsync(TestApp app, NoticeEntity notice) =>
        (await app.Services.GetRequiredService<NotificationTables>().Notices.GetEntityAsync<NoticeEntity>(notice.PartitionKey, notice.RowKey)).Value;

    public static NoticeDelivery Message(params NoticeEntity[] notices) => new([.. notices.Select(n => new NoticeRef(n.UserId, n.NoticeId))]);

    public static StringContent Invocation(object message, int dequeueCount = 1) => Invocation(JsonSerializer.Serialize(message, JsonSerializerOptions.Web), dequeueCount);

    public static StringContent Invocation(string messageJson, int dequeueCount = 1)
    {
        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("queue-invocation.json")))!;
        payload["Data"]!["message"] = messageJson;
        payload["Metadata"]!["DequeueCount"] = dequeueCount;
        payload["Metadata"]!["Id"] = Guid.NewGuid().ToString();
        payload["Metadata"]!["sys"]!["MethodName"] = DeliverNoticesFunction.Name;
        return new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
    }

    public static async Task<HttpResponseMessage> DeliverAsync(TestApp app, NoticeDelivery message, int dequeueCount = 1) =>
        await app.Client.PostAsync("/" + DeliverNoticesFunction.Name, Invocation(message, dequeueCount));

    public static async Task DeliverOkAsync(TestApp app, NoticeDelivery message, int dequeueCount = 1)
    {
        var response = await DeliverAsync(app, message, dequeueCount);
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<string[]> SmsAsync(TestApp app, string phone) => await TextsAsync(app, "/api/dev/sms?to=" + Uri.EscapeDataString(phone));
    public static async Task<string[]> MessengerAsync(TestApp app, string phone) => await TextsAsync(app, "/api/dev/messenger?to=" + Uri.EscapeDataString(phone));

    private static async Task<string[]> TextsAsync(TestApp app, string path)
    {
        var body = await app.Client.GetFromJsonAsync<JsonElement>(path);
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!)];
    }

    /// <summary>The e-mails MailDev holds for the address (after waiting up to a few seconds for <paramref name="atLeast"/>).</summary>
    public static async Task<JsonElement[]> MailsAsync(string address, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = await MailDev.ToAsync(address);
            if (found.Length >= atLeast || DateTime.UtcNow > deadline) return found;
            await Task.Delay(200);
        }
    }
}
