using System.Net;
using System.Text;
using System.Text.Json;
using Kabinet.Platform.Errors;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Readings;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Platform;

/// <summary>One error entry per bad field made a body of a hundred thousand unknown zones answer with tens of megabytes.</summary>
[TestClass]
public sealed class ValidationCapTests
{
    private static readonly TestClock Clock = new() { Now = new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero) };

    /// <summary>Distinct zone keys (also without case), shortest first, as many as fit in just under 1 MiB.</summary>
    private static (string Body, int Keys) ManyZones()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz-_.~!*'()+$@^";
        var body = new StringBuilder("{\"values\":{\"T1\":1");
        var keys = 0;
        foreach (var length in new[] { 1, 2, 3 })
        {
            var total = (int)Math.Pow(alphabet.Length, length);
            for (var n = 0; n < total; n++)
            {
                var key = new char[length];
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.Length) key[i] = alphabet[rest % alphabet.Length];
                if (body.Length + length + 8 > RequestLimits.MaxBodyBytes - 16) return (body.Append("}}").ToString(), keys);
                if (new string(key) == "t1") continue; // the meter's own zone, without case
                body.Append(",\"").Append(key).Append("\":0");
                keys++;
            }
        }
        return (body.Append("}}").ToString(), keys);
    }

    [TestMethod]
    public async Task A_hundred_thousand_unknown_zones_answer_50_errors_and_the_total()
    {
        using var root = new KabinetFactory();
        using var factory = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        using var signup = root.CreateClient();
        var user = await TestUsers.RegisterAsync(signup);
        var (_, accountId) = await ReadingsData.AccountAsync(user.Id);
        var serial = await ReadingsData.MeterAsync(accountId);
        var (body, keys) = ManyZones();
        Assert.IsGreaterThan(100_000, keys);

        using var request = user.Request(HttpMethod.Post, $"/api/accounts/{accountId}/meters/{serial}/readings");
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await factory.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, text.Length > 500 ? text[..500] : text);
        Assert.IsLessThan(32 * 1024, Encoding.UTF8.GetByteCount(text), "the answer stays small");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.AreEqual(Problems.MaxListedErrors, problem.GetProperty("errors").GetArrayLength());
        Assert.AreEqual(keys, problem.GetProperty("errorsTotal").GetInt32());
        Assert.AreEqual(keys - Problems.MaxListedErrors, problem.GetProperty("errorsOmitted").GetInt32());
    }

    [TestMethod]
    public async Task A_few_errors_are_all_listed_with_the_same_counts()
    {
        using var root = new KabinetFactory();
        using var factory = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        using var signup = root.CreateClient();
        var user = await TestUsers.RegisterAsync(signup);
        var (_, accountId) = await ReadingsData.AccountAsync(user.Id);
        var serial = await ReadingsData.MeterAsync(accountId, "day-night");

        var r = await factory.CreateClient().SubmitAsync(user, accountId, serial, new { day = "x", peak = 1 });

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        Assert.AreEqual(3, r.Body.GetProperty("errors").GetArrayLength());
        Assert.AreEqual(3, r.Body.GetProperty("errorsTotal").GetInt32());
        Assert.AreEqual(0, r.Body.GetProperty("errorsOmitted").GetInt32());
    }
}
