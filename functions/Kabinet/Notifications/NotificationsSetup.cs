using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;

namespace Kabinet.Notifications;

public static class NotificationsSetup
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationTables>().AddTables(NotificationTables.Names.All)
            .AddQueues(NoticeDelivery.QueueName)
            .AddSingleton<Notifier>()
            .AddErrors(NoticeErrors.Catalog)
            .AddErrors(BroadcastErrors.Catalog);
        builder.AddDelivery();
        builder.AddBroadcasts();
        builder.AddReminders();
    }

    public static void MapNotifications(this WebApplication app)
    {
        app.MapNoticeEndpoints();
        app.MapDeliverNotices();
        app.MapBroadcasts();
        app.MapReadingReminders();
        app.MapRaiseNotices();
    }
}
