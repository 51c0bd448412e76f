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
        // As Auth chooses the SMS provider: a configured one anywhere; else the development table, or none.
        builder.Services.AddOptions<MessengerOptions>().BindConfiguration(MessengerOptions.Section)
            .Validate(o => o.IsValid, "Messenger: Endpoint must be an absolute http(s) URL, BodyTemplate JSON, TimeoutSeconds 1..120").ValidateOnStart();
        var messenger = builder.Configuration.GetSection(MessengerOptions.Section).Get<MessengerOptions>() ?? new MessengerOptions();
        if (messenger.IsConfigured)
        {
            builder.Services.AddHttpClient(HttpMessengerGateway.ClientName, c => c.Timeout = TimeSpan.FromSeconds(Math.Clamp(messenger.TimeoutSeconds, 1, 120)));
            builder.Services.AddSingleton<IMessengerGateway, HttpMessengerGateway>();
        }
        else if (builder.Environment.IsDevelopment())
            builder.Services.AddSingleton<IMessengerGateway, DevelopmentMessengerGateway>();
        else
            builder.Services.AddSingleton<IMessengerGateway, UnavailableMessengerGateway>();
    }

    /// <summary>A failed delivery throws once the other notices are done: the host retries, then poisons. The in-app notice stays.</summary>
    public static void MapDeliverNotices(this WebApplication app) =>
        app.MapQueueFunction<NoticeDelivery>(Name, (message, trigger) => trigger.Services.GetRequiredService<NoticeDeliverer>().DeliverAsync(message, trigger));
}
