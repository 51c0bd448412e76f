using System.Net;
using Kabinet.Operators;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Notifications;

/// <summary>The settings delivery reads: the user's language (PATCH /api/profile) and the provider's quiet hours (providers import).</summary>
[TestClass]
public sealed class LanguageAndQuietHoursSettingsTests
{
    private static readonly TestApp App = new();

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task Language_is_ru_by_default_and_settable_to_en_and_back()
    {
        var user = await App.MintAsync();
        var before = await App.Client.SendAsync(user, HttpMethod.Get, "/api/profile");
        Assert.AreEqual("ru", before.Body.GetProperty("language").GetString());

        var en = await App.Client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { lastName = "Иванов", firstName = "Иван", language = "en" });
        Assert.AreEqual(HttpStatusCode.OK, en.Status, en.Body.ToString());
        Assert.AreEqual("en", en.Body.GetProperty("language").GetString());
        Assert.AreEqual("en", (await App.Client.SendAsync(user, HttpMethod.Get, "/api/profile")).Body.GetProperty("language").GetString());

        // Absent keeps it.
        var same = await App.Client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { gender = "male" });
        Assert.AreEqual("en", same.Body.GetProperty("language").GetString());
        var ru = await App.Client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { language = "ru" });
        Assert.AreEqual("ru", ru.Body.GetProperty("language").GetString());
    }

    [TestMethod]
    [DataRow("\"EN\"")]
    [DataRow("\"de\"")]
    [DataRow("\"\"")]
    [DataRow("\"ru \"")]
    [DataRow("\"\\ud800\"")]
    public async Task A_language_outside_the_set_is_422(string json)
    {
        var user = await App.MintAsync();
        var r = await App.Client.SendAsync(user, HttpMethod.Patch, "/api/profile",
            Api.JsonText($"{{\"lastName\":\"Иванов\",\"firstName\":\"Иван\",\"language\":{json}}}"));
        if (json == "\"\\ud800\"")
        {
            // Invalid UTF-16 is refused by the JSON reading, before any rule.
            Assert.AreEqual(HttpStatusCode.BadRequest, r.Status, r.Body.ToString());
            return;
        }
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Body.ToString());
        Assert.AreEqual("profile.language_invalid", r.Body.GetProperty("errors")[0].GetProperty("code").GetString(), r.Body.ToString());
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(true)]
    public async Task A_language_of_the_wrong_type_is_4xx(object value)
    {
        var user = await App.MintAsync();
        var r = await App.Client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { language = value });
        Assert.IsTrue((int)r.Status is >= 400 and < 500, r.Body.ToString());
    }

    private static SourceRow Provider(Dictionary<string, string?> extra)
    {
        var fields = new Dictionary<string, string?> { ["providerId"] = "qh-energo", ["name"] = "Энерго" };
        foreach (var (k, v) in extra) fields[k] = v;
        return new SourceRow(1, 2, "providers", 0, fields);
    }

    [TestMethod]
    public void A_provider_gets_the_default_quiet_hours_or_its_own()
    {
        var (row, _) = ImportRules.Provider(Provider([]));
        Assert.AreEqual("22:00", row!.Value.QuietHoursFrom);
        Assert.AreEqual("08:00", row.Value.QuietHoursTo);
        var (own, error) = ImportRules.Provider(Provider(new() { ["quietHoursFrom"] = "23:30", ["quietHoursTo"] = "07:00" }));
        Assert.IsNull(error);
        Assert.AreEqual("23:30", own!.Value.QuietHoursFrom);
        Assert.AreEqual("07:00", own.Value.QuietHoursTo);
    }

    [TestMethod]
    [DataRow("quietHoursFrom", "24:00")]
    [DataRow("quietHoursFrom", "7:00")]
    [DataRow("quietHoursTo", "08:00:00")]
    [DataRow("quietHoursTo", "eight")]
    public void A_quiet_hour_that_is_not_HH_mm_rejects_the_row(string field, string value)
    {
        var (row, error) = ImportRules.Provider(Provider(new() { [field] = value }));
        Assert.IsNull(row);
        Assert.AreEqual("import.time_invalid", error!.Code);
        Assert.AreEqual(field, error.Field);
    }
}
