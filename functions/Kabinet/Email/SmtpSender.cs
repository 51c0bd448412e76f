using Azure.Storage.Blobs;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Kabinet.Email;

/// <summary>Delivers one e-mail through SMTP. Throws on any failure so the host retries the message.</summary>
public sealed class SmtpSender(IOptions<SmtpOptions> options, IOptions<EmailOptions> email, BlobServiceClient blobs)
{
    public async Task SendAsync(EmailMessage message, string messageId, CancellationToken ct)
    {
        var smtp = options.Value;
        var mail = new MimeMessage
        {
            Subject = message.Subject,
            // One Message-Id per queue message: a redelivered copy is recognisable as the same letter.
            MessageId = $"{messageId}@kabinet",
        };
        mail.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        mail.To.Add(MailboxAddress.Parse(message.To));
        var body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html };
        var allowed = email.Value.AllowedContainers();
        foreach (var path in message.Attachments ?? [])
        {
            // Refused, not skipped: the message goes to poison, where an operator sees it.
            if (!EmailAttachments.IsAllowed(path, allowed))
                throw new InvalidOperationException($"Attachment '{path}' is not in a container e-mail may attach from ({email.Value.AttachmentContainers}).");
            var (container, name) = SplitBlobPath(path);
            var download = await blobs.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync(ct);
            var contentType = download.Value.Details.ContentType ?? "application/octet-stream";
            body.Attachments.Add(Path.GetFileName(name), download.Value.Content.ToArray(), ContentType.Parse(contentType));
        }
        mail.Body = body.ToMessageBody();

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, Enum.Parse<SecureSocketOptions>(smtp.Security, ignoreCase: true), ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    public static (string Container, string Name) SplitBlobPath(string path)
    {
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
            throw new ArgumentException($"Attachment '{path}' is not a blob path 'container/name'.", nameof(path));
        return (path[..slash], path[(slash + 1)..]);
    }
}
