using Kabinet.Notifications;

namespace Kabinet.Tests.Notifications;

/// <summary>SafeText.ToHtml: plain text to HTML that carries no markup of its own, whatever the text holds.</summary>
[TestClass]
public sealed class NoticeSafeTextTests
{
    private static string Html(string text) => SafeText.ToHtml(text);

    [TestMethod]
    public void Plain_text_is_escaped_and_lines_break()
    {
        Assert.AreEqual("", Html(""));
        Assert.AreEqual("", SafeText.ToHtml(null));
        Assert.AreEqual("Tom &amp; Jerry &lt;3 &quot;q&quot; &#39;a&#39;", Html("Tom & Jerry <3 \"q\" 'a'"));
        Assert.AreEqual("a<br>b<br>c<br>d", Html("a\nb\r\nc\rd"));
    }

    [TestMethod]
    public void Script_tags_come_out_as_text()
    {
        var html = Html("<script>alert(1)</script><img src=x onerror=alert(1)>");
        Assert.AreEqual("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [TestMethod]
    public void Web_urls_become_links_with_punctuation_left_outside()
    {
        Assert.AreEqual("Оплата: <a href=\"https://pay.example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">https://pay.example.com/a?b=1&amp;c=2</a>.",
            Html("Оплата: https://pay.example.com/a?b=1&c=2."));
        Assert.AreEqual("(<a href=\"http://x.ru/p\" rel=\"noopener noreferrer\">http://x.ru/p</a>)", Html("(http://x.ru/p)"));
        Assert.AreEqual("<a href=\"https://w.org/A_(b)\" rel=\"noopener noreferrer\">https://w.org/A_(b)</a>", Html("https://w.org/A_(b)"));
        StringAssert.Contains(Html("HTTPS://EXAMPLE.COM"), "<a href=\"HTTPS://EXAMPLE.COM\"");
        Assert.AreEqual(2, CountLinks(Html("https://a.ru\nhttps://b.ru")));
    }

    [TestMethod]
    public void Other_schemes_are_never_links()
    {
        foreach (var text in new[] { "javascript:alert(1)", "JaVaScRiPt:alert(document.cookie)", "data:text/html,<b>x</b>", "vbscript:x", "ftp://x.ru", "http://", "https:// x" })
        {
            var html = Html(text);
            Assert.AreEqual(0, CountLinks(html), $"{text} → {html}");
            Assert.IsFalse(html.Contains('<') && !html.Contains("<br>"), html);
        }
        // A web URL inside a javascript: text is linked alone, the script stays text.
        var mixed = Html("javascript:alert(1)//https://x.ru");
        StringAssert.StartsWith(mixed, "javascript:alert(1)//<a href=\"https://x.ru\"");
    }

    [TestMethod]
    public void Quotes_and_brackets_cannot_leave_the_href()
    {
        var html = Html("https://x.ru/\"onmouseover=\"alert(1) https://y.ru/'><script>x</script> https://z.ru/`a");
        Assert.AreEqual(3, CountLinks(html), html);
        Assert.IsFalse(html.Contains("<script"), html);
        Assert.IsFalse(html.Contains("\"onmouseover"), html);
        StringAssert.Contains(html, "<a href=\"https://x.ru/\" rel=\"noopener noreferrer\">https://x.ru/</a>&quot;onmouseover=&quot;alert(1)");
        StringAssert.Contains(html, "<a href=\"https://y.ru/\" rel=\"noopener noreferrer\">https://y.ru/</a>&#39;&gt;&lt;script&gt;");
    }

    [TestMethod]
    public void Every_angle_bracket_in_the_output_is_one_of_ours()
    {
        var hostile = "<a href=\"javascript:x\">x</a>\n<iframe>https://a.ru/<b>&amp;</b>\u0000\ud800";
        var html = Html(hostile);
        var stripped = System.Text.RegularExpressions.Regex.Replace(html, "<a href=\"https?://[^\"<>]*\" rel=\"noopener noreferrer\">[^<>]*</a>|<br>", "");
        Assert.IsFalse(stripped.Contains('<') || stripped.Contains('>'), html);
    }

    private static int CountLinks(string html) => System.Text.RegularExpressions.Regex.Matches(html, "<a href=").Count;
}
