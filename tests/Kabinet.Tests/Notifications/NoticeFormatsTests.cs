using Kabinet.Notifications;

namespace Kabinet.Tests.Notifications;

[TestClass]
public sealed class NoticeFormatsTests
{
    private static NoticeEntity Notice(string? titleEn = "Bill ready", string? actionUrl = "/accounts/a1/bills") => new NoticeDraft("k", NoticeCategories.Billing,
        new NoticeText("Счёт готов", "Счёт за ноябрь: 1 234,50 ₽.", "Открыть счёт"),
        titleEn is null ? null : new NoticeText(titleEn, "November bill: 1,234.50 RUB.", "Open the bill")) { ActionUrl = actionUrl }
        .ToEntity("u1", "Europe/Moscow", DateTimeOffset.UtcNow);

    [TestMethod]
    public void Email_in_russian_has_the_action_line_and_the_footer()
    {
        var mail = NoticeFormats.Email(Notice(), "ru", "https://lk.example.ru/");
        Assert.AreEqual("Счёт готов", mail.Subject);
        StringAssert.StartsWith(mail.Text, "Счёт за ноябрь: 1 234,50 ₽.");
        StringAssert.Contains(mail.Text, "Открыть счёт: https://lk.example.ru/accounts/a1/bills");
        StringAssert.Contains(mail.Text, "личного кабинета");
        StringAssert.Contains(mail.Html, "<a href=\"https://lk.example.ru/accounts/a1/bills\">Открыть счёт</a>");
    }

    [TestMethod]
    public void English_when_asked_and_present_else_russian()
    {
        var en = NoticeFormats.Email(Notice(), "en");
        Assert.AreEqual("Bill ready", en.Subject);
        StringAssert.Contains(en.Text, "Open the bill: /accounts/a1/bills");
        StringAssert.Contains(en.Text, "customer portal");
        Assert.AreEqual("Bill ready. November bill: 1,234.50 RUB. /accounts/a1/bills", NoticeFormats.Short(Notice(), "en"));
        Assert.AreEqual("Счёт готов", NoticeFormats.Email(Notice(titleEn: null), "en").Subject);
        Assert.AreEqual("Счёт готов. Счёт за ноябрь: 1 234,50 ₽. /accounts/a1/bills", NoticeFormats.Short(Notice(titleEn: null), "en"));
    }

    [TestMethod]
    public void Html_escapes_operator_text_and_links_only_urls()
    {
        var notice = Notice(actionUrl: "https://x.example/?a=1&b=\"2\"");
        notice.Title = "<script>alert(1)</script>";
        notice.Body = "Смотрите https://example.ru/news, а <b>не</b> это\nвторая строка";
        var mail = NoticeFormats.Email(notice, "ru");
        Assert.IsFalse(mail.Html.Contains("<script>"), mail.Html);
        Assert.IsFalse(mail.Html.Contains("<b>"), mail.Html);
        StringAssert.Contains(mail.Html, "&lt;b&gt;не&lt;/b&gt;");
        StringAssert.Contains(mail.Html, "<a href=\"https://example.ru/news\" rel=\"noopener noreferrer\">https://example.ru/news</a>,");
        StringAssert.Contains(mail.Html, "это<br>вторая");
        StringAssert.Contains(mail.Html, "href=\"https://x.example/?a=1&amp;b=&quot;2&quot;\"");
    }

    [TestMethod]
    public void A_subject_is_one_line()
    {
        var notice = Notice();
        notice.Title = "Первая\r\nвторая";
        Assert.AreEqual("Первая вторая", NoticeFormats.Email(notice, "ru").Subject);
    }

    [TestMethod]
    public void Short_text_is_cut_without_splitting_a_surrogate_pair_and_keeps_the_url()
    {
        var notice = Notice();
        notice.Body = new string('ж', 470) + "😀😀😀😀😀😀😀😀😀😀";
        var text = NoticeFormats.Short(notice, "ru");
        StringAssert.EndsWith(text, "… /accounts/a1/bills");
        var cut = text[..text.IndexOf('…')];
        Assert.IsTrue(cut.Length <= NoticeFormats.MaxShortText);
        Assert.IsFalse(char.IsHighSurrogate(cut[^1]));
        Assert.AreEqual("Счёт готов", NoticeFormats.Short(new NoticeEntity { Title = "Счёт готов.", Body = "" }, "ru"));
    }
}
