using System.Text.Json;
using Kabinet.Notifications;

namespace Kabinet.Tests.Notifications;

[TestClass]
public sealed class BroadcastRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static (BroadcastRequest? Request, List<BroadcastFieldError> Errors) Parse(string json) =>
        BroadcastRules.Parse(JsonDocument.Parse(json).RootElement, Now);

    [TestMethod]
    [DataRow("https://example.com/x?y=1", true)]
    [DataRow("/accounts/123", true)]
    [DataRow("/", true)]
    [DataRow("//evil.example.com", false)]
    [DataRow("javascript:alert(1)", false)]
    [DataRow("data:text/html,<b>x</b>", false)]
    [DataRow("http://example.com", false)]
    [DataRow("http://localhost:5000/x", false)]
    [DataRow("https://user:pw@example.com", false)]
    [DataRow("/\\evil.example.com", false)]
    [DataRow("https://exa mple.com", false)]
    [DataRow("ftp://example.com", false)]
    [DataRow("", false)]
    public void Action_urls_are_https_or_in_app_paths(string url, bool ok) => Assert.AreEqual(ok, BroadcastRules.IsActionUrl(url, allowLocalHttp: false), url);

    [TestMethod]
    public void Local_http_passes_only_when_allowed()
    {
        Assert.IsTrue(BroadcastRules.IsActionUrl("http://localhost:5000/x", allowLocalHttp: true));
        Assert.IsTrue(BroadcastRules.IsActionUrl("http://127.0.0.1/x", allowLocalHttp: true));
        Assert.IsFalse(BroadcastRules.IsActionUrl("http://example.com/x", allowLocalHttp: true));
    }

    [TestMethod]
    public void Chunks_are_deduplicated_sorted_and_bounded()
    {
        var ids = Enumerable.Range(0, 450).Select(i => $"u{i:D4}").Reverse().Concat(["u0001", "u0002"]).ToList();
        var chunks = BroadcastRules.Chunks(ids);
        CollectionAssert.AreEqual(new[] { 200, 200, 50 }, chunks.Select(c => c.Length).ToArray());
        var flat = chunks.SelectMany(c => c).ToList();
        CollectionAssert.AreEqual(flat.Order(StringComparer.Ordinal).ToList(), flat);
        Assert.AreEqual(450, flat.Distinct().Count());
        CollectionAssert.AreEqual(flat, BroadcastRules.Chunks(ids.AsEnumerable().Reverse()).SelectMany(c => c).ToList(), "the same audience in any order makes the same chunks");
        Assert.AreEqual(0, BroadcastRules.Chunks([]).Count);
    }

    [TestMethod]
    public void A_minimal_body_gets_the_defaults()
    {
        var (r, errors) = Parse("""{"audience":{"all":true},"kind":"bell","title":" Плановые работы ","body":"Строка 1\nСтрока 2"}""");
        Assert.AreEqual(0, errors.Count);
        Assert.AreEqual(NoticeCategories.Service, r!.Category);
        Assert.AreEqual("Плановые работы", r.Title);
        Assert.AreEqual(BroadcastAudience.KindAll, r.Audience.Kind);
        Assert.IsFalse(r.RequiresConfirmation);
        Assert.IsNull(r.Action);
    }

    [TestMethod]
    public void A_modal_requires_confirmation()
    {
        Assert.IsTrue(Parse("""{"audience":{"all":true},"kind":"modal","title":"t","body":"b"}""").Request!.RequiresConfirmation);
        var (_, errors) = Parse("""{"audience":{"all":true},"kind":"modal","title":"t","body":"b","requiresConfirmation":false}""");
        Assert.AreEqual(("requiresConfirmation", "broadcast.modal_needs_confirmation"), (errors[0].Field, errors[0].Code));
    }

    [TestMethod]
    [DataRow("""{"kind":"bell","title":"t","body":"b"}""", "audience", "broadcast.audience_required")]
    [DataRow("""{"audience":{},"kind":"bell","title":"t","body":"b"}""", "audience", "broadcast.audience_required")]
    [DataRow("""{"audience":{"all":true,"providerId":"p"},"kind":"bell","title":"t","body":"b"}""", "audience", "broadcast.audience_ambiguous")]
    [DataRow("""{"audience":{"all":false},"kind":"bell","title":"t","body":"b"}""", "audience.all", "broadcast.audience_all_true")]
    [DataRow("""{"audience":{"everyone":true},"kind":"bell","title":"t","body":"b"}""", "audience", "broadcast.audience_invalid")]
    [DataRow("""{"audience":[1],"kind":"bell","title":"t","body":"b"}""", "audience", "broadcast.audience_invalid")]
    [DataRow("""{"audience":{"userIds":[]},"kind":"bell","title":"t","body":"b"}""", "audience.userIds", "broadcast.ids_empty")]
    [DataRow("""{"audience":{"userIds":"u1"},"kind":"bell","title":"t","body":"b"}""", "audience.userIds", "broadcast.ids_expected")]
    [DataRow("""{"audience":{"accountIds":["a/b"]},"kind":"bell","title":"t","body":"b"}""", "audience.accountIds[0]", "broadcast.id_invalid")]
    [DataRow("""{"audience":{"accountIds":[5]},"kind":"bell","title":"t","body":"b"}""", "audience.accountIds[0]", "broadcast.id_invalid")]
    [DataRow("""{"audience":{"providerId":"a#b"},"kind":"bell","title":"t","body":"b"}""", "audience.providerId", "broadcast.provider_not_found")]
    [DataRow("""{"audience":{"all":true},"kind":"popup","title":"t","body":"b"}""", "kind", "broadcast.kind_invalid")]
    [DataRow("""{"audience":{"all":true},"title":"t","body":"b"}""", "kind", "broadcast.kind_invalid")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","category":"security","title":"t","body":"b"}""", "category", "broadcast.category_invalid")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"  ","body":"b"}""", "title", "broadcast.text_required")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":7,"body":"b"}""", "title", "broadcast.text_expected")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t\u0007","body":"b"}""", "title", "broadcast.text_control")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"a\tb"}""", "body", "broadcast.text_control")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","titleEn":{}}""", "titleEn", "broadcast.text_expected")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","action":"x"}""", "action", "broadcast.action_invalid")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","action":{"label":"Go","url":"javascript:alert(1)"}}""", "action.url", "broadcast.action_url_invalid")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","action":{"url":"/x"}}""", "action.label", "broadcast.text_required")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","actionUrl":"javascript:alert(1)"}""", "actionUrl", "broadcast.action_url_invalid")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","actionUrl":5}""", "actionUrl", "broadcast.action_url_invalid")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","requiresConfirmation":"yes"}""", "requiresConfirmation", "broadcast.boolean_expected")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","expiresAt":"2026-12-01T00:00:00Z"}""", "expiresAt", "broadcast.expires_past")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","expiresAt":"2028-01-01T00:00:00Z"}""", "expiresAt", "broadcast.expires_too_far")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","expiresAt":"tomorrow"}""", "expiresAt", "broadcast.expires_invalid")]
    [DataRow("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","expiresAt":12}""", "expiresAt", "broadcast.expires_invalid")]
    [DataRow("""[]""", "", "broadcast.body_object")]
    public void Bad_fields_are_named(string json, string field, string code)
    {
        var (r, errors) = Parse(json);
        Assert.IsNull(r);
        Assert.IsTrue(errors.Any(e => e.Field == field && e.Code == code), string.Join("; ", errors.Select(e => $"{e.Field}:{e.Code}")));
    }

    [TestMethod]
    public void The_founding_actionUrl_is_an_action_with_the_default_label()
    {
        var (r, errors) = Parse("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","actionUrl":"/accounts"}""");
        Assert.AreEqual(0, errors.Count, string.Join("; ", errors.Select(e => $"{e.Field}:{e.Code}")));
        Assert.AreEqual(new BroadcastAction(BroadcastRules.DefaultActionLabel, BroadcastRules.DefaultActionLabelEn, "/accounts"), r!.Action);
        var both = Parse("""{"audience":{"all":true},"kind":"bell","title":"t","body":"b","actionUrl":"/a","action":{"label":"Go","url":"/b"}}""").Request!;
        Assert.AreEqual("/b", both.Action!.Url, "an explicit action wins");
    }

    [TestMethod]
    public void Lists_and_texts_have_limits()
    {
        var ids = JsonSerializer.Serialize(Enumerable.Range(0, 1001).Select(i => "u" + i));
        Assert.AreEqual("broadcast.ids_too_many", Parse($$"""{"audience":{"userIds":{{ids}}},"kind":"bell","title":"t","body":"b"}""").Errors[0].Code);
        var thousand = JsonSerializer.Serialize(Enumerable.Range(0, 1000).Select(i => "u" + i % 10));
        Assert.AreEqual(10, Parse($$"""{"audience":{"userIds":{{thousand}}},"kind":"bell","title":"t","body":"b"}""").Request!.Audience.Ids.Count);
        Assert.AreEqual("broadcast.text_too_long", Parse($$"""{"audience":{"all":true},"kind":"bell","title":"{{new string('я', 121)}}","body":"b"}""").Errors[0].Code);
        Assert.AreEqual("broadcast.text_too_long", Parse($$"""{"audience":{"all":true},"kind":"bell","title":"t","body":"{{new string('я', 4001)}}"}""").Errors[0].Code);
        Assert.AreEqual(0, Parse($$"""{"audience":{"all":true},"kind":"bell","title":"{{new string('я', 120)}}","body":"{{new string('я', 4000)}}"}""").Errors.Count);
    }
}
