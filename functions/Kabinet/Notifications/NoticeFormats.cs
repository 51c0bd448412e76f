using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Kabinet.Auth;

namespace Kabinet.Notifications;

/// <summary>A notice as an e-mail.</summary>
public sealed record NoticeEmail(string Subject, string Text, string Html);

/// <summary>
/// Notices as e-mails, SMS and messenger texts, in the user's language: English texts when the user chose "en" and the
/// notice has them, else the Russian ones. Pure. Operators' texts are plain: the HTML part escapes everything and only
/// turns http(s) links into anchors.
/// </summary>
public static partial class NoticeFormats
{
    /// <summary>Three SMS segments of Cyrillic (UCS-2, 67 characters each after concatenation headers) and a little.</summary>
    public const int MaxShortText = 480;

    private static readonly Dictionary<string, (string Footer, string Open)> Footers = new()
    {
        [Languages.Russian] = ("Это уведомление личного кабинета. Настроить каналы уведомлений можно в профиле.", "Открыть"),
        [Languages.English] = ("This is a notice from your customer portal. You can choose its channels in your profile.", "Open"),
    };

    /// <summary>The texts in <paramref name="language"/>, falling back to Russian for each missing English text.</summary>
    public static NoticeText Texts(NoticeEntity notice, string? language) =>
        language == Languages.English && !string.IsNullOrWhiteSpace(notice.TitleEn)
            ? new NoticeText(notice.TitleEn!, string.IsNullOrWhiteSpace(notice.BodyEn) ? notice.Body : notice.BodyEn!,
                string.IsNullOrWhiteSpace(notice.ActionLabelEn) ? notice.ActionLabel : notice.ActionLabelEn)
            : new NoticeText(notice.Title, notice.Body, notice.ActionLabel);

    /// <summary>The action's URL as a link outside the app: an in-app path is put under <paramref name="cabinetUrl"/> when set.</summary>
    public static string? ActionUrl(NoticeEntity notice, string? cabinetUrl)
    {
        var url = notice.ActionUrl;
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(cabinetUrl))
            return cabinetUrl.TrimEnd('/') + url;
        return url;
    }

    public static NoticeEmail Email(NoticeEntity notice, string? language, string? cabinetUrl = null)
    {
        var texts = Texts(notice, language);
        var (footer, open) = Footers[Lang(language, notice)];
        var url = ActionUrl(notice, cabinetUrl);
        var label = string.IsNullOrWhiteSpace(texts.ActionLabel) ? open : texts.ActionLabel!;

        var text = new StringBuilder(texts.Body.Length + 256).Append(texts.Body).Append("\n\n");
        if (url is not null) text.Append(label).Append(": ").Append(url).Append("\n\n");
        text.Append("-- \n").Append(footer).Append('\n');

        var html = new StringBuilder(texts.Body.Length * 2 + 512)
            .Append("<!DOCTYPE html><html><body>")
            .Append("<h2>").Append(Escape(texts.Title)).Append("</h2>")
            .Append("<p>").Append(SafeText.ToHtml(texts.Body)).Append("</p>");
        if (url is not null)
            html.Append("<p><a href=\"").Append(Escape(url)).Append("\">").Append(Escape(label)).Append("</a></p>");
        html.Append("<hr><p><small>").Append(Escape(footer)).Append("</small></p></body></html>");
        return new NoticeEmail(OneLine(texts.Title), text.ToString(), html.ToString());
    }

    /// <summary>SMS and messenger: "title. body", cut to <see cref="MaxShortText"/>, then the action's URL.</summary>
    public static string Short(NoticeEntity notice, string? language, string? cabinetUrl = null)
    {
        var texts = Texts(notice, language);
        var title = OneLine(texts.Title).TrimEnd('.', ' ');
        var body = texts.Body.Trim();
        var text = body.Length == 0 ? title : title + ". " + body;
        if (text.Length > MaxShortText)
        {
            var cut = MaxShortText - 1;
            // Never half of a surrogate pair.
            if (char.IsHighSurrogate(text[cut - 1])) cut--;
            text = text[..cut].TrimEnd() + "…";
        }
        return ActionUrl(notice, cabinetUrl) is { } url ? text + " " + url : text;
    }

    private static string Lang(string? language, NoticeEntity notice) =>
        language == Languages.English && !string.IsNullOrWhiteSpace(notice.TitleEn) ? Languages.English : Languages.Russian;

    // A subject is one header line.
    private static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Every character that means something in HTML escaped (the body goes through SafeText, as in the app).</summary>
    public static string Escape(string s) => WebUtility.HtmlEncode(s);

}
