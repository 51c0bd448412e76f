using Azure.Storage.Blobs;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Kabinet.Email;

/// <summary>
/// Delivers e-mails through SMTP. <see cref="OpenAsync"/> keeps one connection for several messages (a delivery of many
/// notices sends them all over it); <see cref="SendAsync"/> sends one on its own session. Throws on any failure so the host
/// retries the message.
/// </summary>
public sealed class SmtpSender(IOptions<SmtpOptions> options, IOptions<EmailOptions> email, BlobServiceClient blobs)
{
    public async Task SendAsync(EmailMessage message, string messageId, CancellationToken ct)
    {
        await using var session = await OpenAsync(ct);
        await session.SendAsync(message, messageId, ct);
    }

    /// <summary>Connects (and authenticates) once; dispose the session to say QUIT.</summary>
    public async Task<SmtpSession> OpenAsync(CancellationToken ct)
    {
        var smtp = options.Value;
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Enum.Parse<SecureSocketOptions>(smtp.Security, ignoreCase: true), ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new SmtpSession(this, client);
    }

    /// <summary>One SMTP connection. Not thread-safe: send one message at a time.</summary>
    public sealed class SmtpSession : IAsyncDisposable
    {
        private readonly SmtpSender _sender;
        private readonly SmtpClient _client;
        private bool _used;

        internal SmtpSession(SmtpSender sender, SmtpClient client) => (_sender, _client) = (sender, client);

        public async Task SendAsync(EmailMessage message, string messageId, CancellationToken ct)
        {
            var mail = await _sender.BuildAsync(message, messageId, ct);
            await _sender.ReconnectIfDroppedAsync(_client, ct);
            try
            {
                await _client.SendAsync(mail, ct);
            }
            catch (Exception e) when (_used && e is SmtpProtocolException or IOException)
            {
                // A relay may close a connection between two messages without the client noticing: the next message
                // finds it gone before its envelope is accepted. Once on a fresh connection, then it fails for real.
                if (_client.IsConnected) await _client.DisconnectAsync(quit: false, ct);
                await _sender.ReconnectIfDroppedAsync(_client, ct);
                await _client.SendAsync(mail, ct);
            }
            _used = true;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_client.IsConnected) await _client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // The messages are sent; a QUIT that fails loses nothing.
            }
            finally
            {
                _client.Dispose();
            }
        }
    }

    // A relay may close an idle connection between two messages: open it again rather than fail the rest.
    private async Task ReconnectIfDroppedAsync(SmtpClient client, CancellationToken ct)
    {
        if (client.IsConnected) return;
        var smtp = options.Value;
        await client.ConnectAsync(smtp.Host, smtp.Port, Enum.Parse<SecureSocketOptions>(smtp.Security, ignoreCase: true), ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
    }

    private async Task<MimeMessage> BuildAsync(EmailMessage message, string messageId, CancellationToken ct)
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
        return mail;
    }

    public static (string Container, string Name) SplitBlobPath(string path)
    {
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
            throw new ArgumentException($"Attachment '{path}' is not a blob path 'container/name'.", nameof(path));
        return (path[..slash], path[(slash + 1)..]);
    }
}
