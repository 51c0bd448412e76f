namespace Kabinet.Email;

/// <summary>What an e-mail may carry.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";
    /// <summary>The development helper's own container: POST /api/dev/email attaches only from here.</summary>
    public const string DevContainer = "dev-attachments";

    /// <summary>
    /// Comma-separated containers an attachment may come from: the ones the app writes documents to (never <c>imports</c>,
    /// which holds operators' files with holders' names and addresses).
    /// </summary>
    public string AttachmentContainers { get; set; } = "bills,receipts," + DevContainer;

    public IReadOnlySet<string> AllowedContainers() =>
        AttachmentContainers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Pure rules for attachment paths <c>container/name</c>.</summary>
public static class EmailAttachments
{
    /// <summary>
    /// The container and blob name of <paramref name="path"/>, or null when it is not a plain blob path: no empty, "." or ".."
    /// segment (an HTTP client would resolve "bills/../imports/x" into another container), no backslash or control character.
    /// </summary>
    public static (string Container, string Name)? Split(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 1024 || path.Any(c => c == '\\' || char.IsControl(c))) return null;
        var segments = path.Split('/');
        if (segments.Length < 2 || segments.Any(s => s is "" or "." or "..")) return null;
        return (segments[0], path[(segments[0].Length + 1)..]);
    }

    public static bool IsAllowed(string? path, IReadOnlySet<string> containers) => Split(path) is { } p && containers.Contains(p.Container);
}
