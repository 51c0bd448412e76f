namespace Kabinet.Email;

/// <summary>A message on the <c>email</c> queue. Attachments are blob paths: <c>container/name</c>.</summary>
public sealed record EmailMessage(string To, string Subject, string Text, string? Html = null, IReadOnlyList<string>? Attachments = null)
{
    public const string QueueName = "email";
}
