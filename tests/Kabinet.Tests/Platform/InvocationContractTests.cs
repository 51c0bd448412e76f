using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kabinet.Auth;
using Kabinet.Email;
using Kabinet.Platform.Invocation;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Platform;

[TestClass]
public sealed class InvocationContractTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static T ReadFixture<T>(string name) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(RepoPaths.Fixture(name)), Web)!;

    [TestMethod]
    public void Queue_fixture_yields_metadata_and_the_string_encoded_message()
    {
        var request = ReadFixture<QueueInvocationRequest>("queue-invocation-retry.json");

        Assert.AreEqual(4, request.Metadata!.DequeueCount);
        Assert.AreEqual("5b0f1c4e-8a3c-4f2e-9f57-0d6b1d2c9a11", request.Metadata.Id);
        Assert.AreEqual("SendEmail", request.Metadata.Sys!.MethodName);
        Assert.IsTrue(QueueMessageReader.TryRead<EmailMessage>(request, Web, out var message, out _));
        Assert.AreEqual("ivanov@example.com", message!.To);
        Assert.AreEqual("Ваш код: 48213", message.Text);
    }

    [TestMethod]
    public void Host_serialized_fixture_yields_unquoted_metadata_and_the_doubly_encoded_message()
    {
        var request = ReadFixture<QueueInvocationRequest>("queue-invocation-host-serialized.json");

        Assert.AreEqual(1, request.Metadata!.DequeueCount, "DequeueCount arrives as the string \"1\"");
        Assert.AreEqual("5b0f1c4e-8a3c-4f2e-9f57-0d6b1d2c9a11", request.Metadata.Id);
        Assert.AreEqual("AgAAAAMAAAAAAAAAqX1n2tdc2wE=", request.Metadata.PopReceipt);
        Assert.AreEqual(DateTimeOffset.Parse("2026-11-24T10:15:30+00:00"), request.Metadata.InsertionTime);
        Assert.AreEqual("SendEmail", request.Metadata.Sys!.MethodName);
        Assert.IsTrue(QueueMessageReader.TryRead<EmailMessage>(request, Web, out var message, out var error), error);
        Assert.AreEqual("ivanov@example.com", message!.To);
        Assert.AreEqual("Ваш код: 48213", message.Text);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void A_message_under_up_to_three_string_layers_is_read(int layers)
    {
        var request = Request(Wrap("""{"to":"a@b.ru","subject":"s","text":"t"}""", layers), "1");

        Assert.IsTrue(QueueMessageReader.TryRead<EmailMessage>(request, Web, out var message, out var error), error);
        Assert.AreEqual("a@b.ru", message!.To);
    }

    [TestMethod]
    public void A_message_under_more_string_layers_is_refused()
    {
        var request = Request(Wrap("""{"to":"a@b.ru","subject":"s","text":"t"}""", HostJson.MaxLayers + 1), "1");

        Assert.IsFalse(QueueMessageReader.TryRead<EmailMessage>(request, Web, out _, out var error));
        StringAssert.Contains(error, "layers");
    }

    [TestMethod]
    [DataRow("2", 2)]
    [DataRow("\"2\"", 2)]
    [DataRow("\"\\\"2\\\"\"", 2)]
    public void DequeueCount_is_read_as_a_number_or_a_string(string json, int expected)
    {
        var request = JsonSerializer.Deserialize<QueueInvocationRequest>("""{"Data":{},"Metadata":{"DequeueCount":""" + json + ""","Id":"\"\\\"x\\\"\""} }""", Web)!;

        Assert.AreEqual(expected, request.Metadata!.DequeueCount);
        Assert.AreEqual("x", request.Metadata.Id, "every layer of quotes comes off");
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("\"abc")]
    [DataRow("\"a\"b\"")]
    [DataRow("")]
    public void A_string_that_is_not_a_json_literal_is_kept_as_it_is(string value) =>
        Assert.AreEqual(value, HostJson.Unquote(value));

    [TestMethod]
    public void A_message_bound_as_an_object_is_read_too()
    {
        var json = """{"Data":{"msg":{"to":"a@b.ru","subject":"s","text":"t"}},"Metadata":{"DequeueCount":1,"Id":"x"}}""";
        var request = JsonSerializer.Deserialize<QueueInvocationRequest>(json, Web)!;

        Assert.IsTrue(QueueMessageReader.TryRead<EmailMessage>(request, Web, out var message, out _));
        Assert.AreEqual("a@b.ru", message!.To);
    }

    [TestMethod]
    [DataRow("""{"Data":{"m":"not json"},"Metadata":{"DequeueCount":1}}""")]
    [DataRow("""{"Data":{"m":"null"},"Metadata":{"DequeueCount":1}}""")]
    [DataRow("""{"Data":{},"Metadata":{"DequeueCount":1}}""")]
    public void A_message_that_is_not_the_type_is_refused(string json)
    {
        var request = JsonSerializer.Deserialize<QueueInvocationRequest>(json, Web)!;

        Assert.IsFalse(QueueMessageReader.TryRead<EmailMessage>(request, Web, out _, out var error));
        Assert.IsNotNull(error);
    }

    /// <summary>
    /// Every queue function of the app (from its function.json files) accepts a valid message in each encoding the
    /// host may use: the fixture's plain JSON string, the host's doubly encoded string with quoted metadata, an object.
    /// </summary>
    [TestMethod]
    [DataRow("queue-invocation.json", "string")]
    [DataRow("queue-invocation-host-serialized.json", "host")]
    [DataRow("queue-invocation.json", "object")]
    public async Task Every_queue_function_accepts_the_message_in_each_host_encoding(string fixture, string form)
    {
        var functions = QueueFunctions();
        Assert.IsGreaterThanOrEqualTo(3, functions.Count, string.Join(", ", functions.Keys));
        using var client = _factory.CreateClient();
        foreach (var (function, binding) in functions)
        {
            Assert.IsTrue(Samples.TryGetValue(function, out var sample), $"add a valid sample message for queue function {function}");
            using var response = await client.PostAsync("/" + function, Payload(fixture, form, binding, sample(), Guid.NewGuid().ToString()));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{function} ({form}): {await response.Content.ReadAsStringAsync()}");
        }
    }

    [TestMethod]
    public async Task A_host_serialized_email_uses_the_unquoted_message_id()
    {
        var id = Guid.NewGuid().ToString();
        var subject = "Контракт " + id[..8];
        using var client = _factory.CreateClient();

        using var response = await client.PostAsync("/SendEmail", Payload("queue-invocation-host-serialized.json", "host", "message",
            new { to = "ivanov@example.com", subject, text = "Ваш код: 48213" }, id));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var mail = (await MailDev.FindBySubjectAsync(subject)).Single();
        Assert.AreEqual($"<{id}@kabinet>", mail.GetProperty("headers").GetProperty("message-id").GetString(), "built from the unquoted queue message id");
    }

    [TestMethod]
    [DataRow("""{"Data":{"message":"{}"},"Metadata":{"DequeueCount":"two"}}""")]
    [DataRow("""{"Data":{"message":"{}"},"Metadata":{"DequeueCount":1,"InsertionTime":"yesterday"}}""")]
    public async Task Unreadable_host_values_are_refused_with_a_code(string payload)
    {
        using var client = _factory.CreateClient();
        using var response = await client.PostAsync("/ImportData", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("invocation.malformed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>A valid message per queue function; handling it must succeed without outside help.</summary>
    private static readonly Dictionary<string, Func<object>> Samples = new()
    {
        ["SendEmail"] = () => new { to = "ivanov@example.com", subject = "Контракт " + Guid.NewGuid().ToString("N")[..8], text = "Ваш код: 48213" },
        ["SendCode"] = () => new { channel = CodeMessage.Sms, to = "+79001234567", purpose = CodePurposes.Login, code = "482130" },
        ["ImportData"] = () => new { importId = "contract-" + Guid.NewGuid().ToString("N"), chunk = 0 }, // unknown import: dropped, 2xx
        ["RaiseNotices"] = () => new
        {
            draft = new { dedupKey = "contract:" + Guid.NewGuid().ToString("N"), category = "service", ru = new { title = "Контракт", body = "Проверка" }, deliver = false },
            to = new { userId = "contract-" + Guid.NewGuid().ToString("N") },
        },
        ["ResolveBroadcast"] = () => new { broadcastId = "contract-" + Guid.NewGuid().ToString("N") }, // unknown broadcast: dropped
        ["FanOutBroadcast"] = () => new { broadcastId = "contract-" + Guid.NewGuid().ToString("N"), chunk = 0 },
        ["DeliverNotices"] = () => new { items = new[] { new { userId = "contract-" + Guid.NewGuid().ToString("N"), noticeId = "AAAAAAAAAAAAAAAAAAAAAA" } } }, // no such notice: skipped
        ["StartBillingRun"] = () => new { runId = "2026-11.contract-" + Guid.NewGuid().ToString("N") }, // unknown run: dropped
        ["CloseBillingSlice"] = () => new { runId = "2026-11.contract-" + Guid.NewGuid().ToString("N"), slice = 0 },
        ["SendReminders"] = () => new { kind = "reading", providerId = "contract-" + Guid.NewGuid().ToString("N"), at = DateTimeOffset.UtcNow }, // unknown provider: dropped
        ["RenderBillPdfs"] = () => new { accountId = "contract-" + Guid.NewGuid().ToString("N"), period = "2026-11" }, // no such bill: dropped
        ["RenderPaymentReceipts"] = () => new { paymentId = "contract-" + Guid.NewGuid().ToString("N") }, // no such payment: dropped
    };

    private static Dictionary<string, string> QueueFunctions() =>
        Directory.GetDirectories(RepoPaths.BuildOutput("functions/Kabinet"))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(d => (Name: Path.GetFileName(d), Binding: JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json"))).RootElement.GetProperty("bindings")[0]))
            .Where(f => f.Binding.GetProperty("type").GetString() == "queueTrigger")
            .ToDictionary(f => f.Name, f => f.Binding.GetProperty("name").GetString()!);

    /// <summary>The fixture around the message: as its text in a JSON string, as the host encodes it, or as an object.</summary>
    private static StringContent Payload(string fixture, string form, string binding, object message, string id)
    {
        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture(fixture)))!;
        var text = JsonSerializer.Serialize(message, Web);
        var data = new JsonObject
        {
            [binding] = form switch
            {
                "string" => JsonValue.Create(text),
                "host" => JsonValue.Create(JsonSerializer.Serialize(text)),
                _ => JsonNode.Parse(text),
            },
        };
        payload["Data"] = data;
        payload["Metadata"]!["Id"] = form == "host" ? JsonSerializer.Serialize(id) : id;
        return new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
    }

    private static string Wrap(string json, int layers)
    {
        for (var i = 1; i < layers; i++) json = JsonSerializer.Serialize(json);
        return json;
    }

    private static QueueInvocationRequest Request(string messageText, string dequeueCount) =>
        new(new() { ["m"] = JsonSerializer.SerializeToElement(messageText) }, JsonSerializer.Deserialize<QueueMessageMetadata>($$"""{"DequeueCount":"{{dequeueCount}}"}""", Web));

    [TestMethod]
    public void Timer_fixtures_carry_schedule_status_or_null_on_the_first_run()
    {
        var regular = ReadFixture<TimerInvocationRequest>("timer-invocation.json").Data!["timer"];
        var first = ReadFixture<TimerInvocationRequest>("timer-invocation-first-run.json").Data!["timer"];

        Assert.IsFalse(regular.IsPastDue);
        Assert.AreEqual(DateTimeOffset.Parse("2026-11-24T10:00:00+00:00"), regular.ScheduleStatus!.Next);
        Assert.IsTrue(first.IsPastDue);
        Assert.IsNull(first.ScheduleStatus);
    }

    [TestMethod]
    public void The_response_serialises_exactly_as_the_host_expects()
    {
        var expected = JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("invocation-response.json"))));
        var actual = JsonSerializer.Serialize(InvocationResponse.Empty(), Web);

        Assert.AreEqual(expected, actual);
    }
}
