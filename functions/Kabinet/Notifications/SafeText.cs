using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Kabinet.Notifications;

/// <summary>
/// A notice's plain text as HTML a client may insert as it is: everything escaped, http(s) URLs made links, line breaks
/// made &lt;br&gt;. No markup from the text itself survives, so an operator's body cannot carry a script or a
/// <c>javascript:</c> link to a client.
/// </summary>
public static partial class SafeText
{
    // A URL stops at whitespace, quotes and angle brackets: none of them can end up inside the href.
    [GeneratedRegex(@"https?://[^\s<>""'`]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex LineBreak();

    public static string ToHtml(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var html = new StringBuilder(text.Length + 16);
        var at = 0;
        foreach (Match match in Url().Matches(text))
        {
            var url = TrimTrailing(match.Value);
            if (!IsWebUrl(url)) continue;
            html.Append(Escape(text[at..match.Index]));
            var href = WebUtility.HtmlEncode(url);
            html.Append("<a href=\"").Append(href).Append("\" rel=\"noopener noreferrer\">").Append(href).Append("</a>");
            at = match.Index + url.Length;
        }
        html.Append(Escape(text[at..]));
        return html.ToString();
    }

    private static string Escape(string part) => LineBreak().Replace(WebUtility.HtmlEncode(part), "<br>");

    /// <summary>Sentence punctuation right after a URL belongs to the sentence; a closing bracket only when the URL opened none.</summary>
    private static string TrimTrailing(string url)
    {
        var end = url.Length;
        while (end > 0)
        {
            var c = url[end - 1];
            if (c is '.' or ',' or ';' or ':' or '!' or '?') end--;
            else if (c == ')' && url.AsSpan(0, end).Count('(') < url.AsSpan(0, end).Count(')')) end--;
            else break;
        }
        return url[..end];
    }

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
}
