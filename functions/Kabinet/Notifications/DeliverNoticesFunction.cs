using Kabinet.Platform.Invocation;

namespace Kabinet.Notifications;

/// <summary>The queue function on <c>notices</c>: delivers each notice on the channels its user's settings allow (<see cref="NoticeDeliverer"/>).</summary>
public static class DeliverNoticesFunction
{
    public const string Name = "DeliverNotices";

    public static void AddDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<NoticeDeliverer>();
        // A real provider would be chosen here by its settings, as Auth chooses the SMS one.
        if (builder.Environment.IsDevelopment())
            builder.Services.AddSingleton<IMessengerGateway, DevelopmentMessengerGateway>();
        else
            builder.Services.AddSingleton<IMessengerGateway, UnavailableMessengerGateway>();
    }

    /// <summary>A failed delivery throws once the other notices are done: the host retries, then poisons. The in-app notice stays.</summary>
    public static void MapDeliverNotices(this WebApplication app) =>
        app.MapQueueFunction<NoticeDelivery>(Name, (message, trigger) => trigger.Services.GetRequiredService<NoticeDeliverer>().DeliverAsync(message, trigger));
}
