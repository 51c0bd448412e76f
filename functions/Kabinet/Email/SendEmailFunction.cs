using Kabinet.Platform.Storage;
using Kabinet.Platform.Invocation;

namespace Kabinet.Email;

public static class SendEmailFunction
{
    public static void AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations()
            .Validate(o => Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.Security, true, out _), "Smtp:Security must be None, Auto, SslOnConnect or StartTls")
            .ValidateOnStart();
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        builder.Services.AddSingleton<SmtpSender>().AddQueues(EmailMessage.QueueName);
    }

    /// <summary>Queue function on <c>email</c>: a failed delivery throws, the host retries, then poisons.</summary>
    public static void MapEmail(this WebApplication app) =>
        app.MapQueueFunction<EmailMessage>("SendEmail", (message, trigger) =>
            trigger.Services.GetRequiredService<SmtpSender>().SendAsync(message, trigger.Metadata.Id ?? Guid.NewGuid().ToString("N"), trigger.CancellationToken));
}
