using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Kabinet.LocalHost;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.LocalHost;

/// <summary>LocalHost against real Azurite, running tests/TestHandler as the custom handler.</summary>
[TestClass]
public sealed class LocalHostTests
{
    private static readonly QueueClientOptions Base64 = new() { MessageEncoding = QueueMessageEncoding.Base64 };

    [TestMethod]
    public async Task Http_forwards_function_routes_unchanged_and_answers_404_otherwise()
    {
        await using var app = await TestHandlerApp.StartAsync(TestEnvironment.UniqueName("http"));
        using var http = new HttpClient { BaseAddress = app.Host.BaseAddress };

        using var get = await http.GetAsync("api/echo/a/b?x=1&y=%D0%AF");
        Assert.AreEqual(HttpStatusCode.OK, get.StatusCode);
        var echo = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        Assert.AreEqual("GET", echo.GetProperty("method").GetString());
        Assert.AreEqual("/api/echo/a/b", echo.GetProperty("path").GetString());
        Assert.AreEqual("?x=1&y=%D0%AF", echo.GetProperty("query").GetString());

        using var post = await http.PostAsync("api/echo/z", new StringContent("""{"hello":"мир"}""", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.AreEqual("""{"hello":"мир"}""", JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("body").GetString());

        Assert.AreEqual(HttpStatusCode.NotFound, (await http.DeleteAsync("api/echo/z")).StatusCode, "method not in function.json");
        Assert.AreEqual(HttpStatusCode.NotFound, (await http.GetAsync("api/unknown")).StatusCode, "no such route");
        Assert.AreEqual(HttpStatusCode.NotFound, (await http.PostAsync("api/Succeed", new StringContent("{}"))).StatusCode, "queue functions are not under /api");
        Assert.AreEqual(HttpStatusCode.NotFound, (await http.GetAsync("echo/a")).StatusCode, "outside the route prefix");
    }

    [TestMethod]
    public async Task Queue_message_is_delivered_once_encoded_as_the_host_encodes_it_and_deleted()
    {
        await using var app = await TestHandlerApp.StartAsync(TestEnvironment.UniqueName("qok"));
        var queue = new QueueClient(TestEnvironment.StorageConnectionString, app.SucceedQueue, Base64);
        await queue.CreateIfNotExistsAsync();
        const string text = """{"to":"ivanov@example.com","text":"Ваш код: 48213"}""";
        var sent = (await queue.SendMessageAsync(text)).Value;

        var invocations = await app.WaitForInvocationsAsync("Succeed", 1, TimeSpan.FromSeconds(30));
        Assert.HasCount(1, invocations);
        await Eventually.WaitAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, TimeSpan.FromSeconds(15));
        await Task.Delay(1500); // a second poll must not see it again
        Assert.HasCount(1, app.Invocations("Succeed"));
        Assert.AreEqual(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, "deleted after 2xx");

        var invocation = invocations[0];
        Assert.AreEqual(text, invocation.Message);
        var body = invocation.Json;
        var data = body.GetProperty("Data").GetProperty("message");
        Assert.AreEqual(JsonValueKind.String, data.ValueKind, "the message text arrives as a JSON string");
        Assert.AreEqual(text, JsonSerializer.Deserialize<string>(data.GetString()!), "holding the text JSON-encoded once more");
        var metadata = body.GetProperty("Metadata");
        Assert.AreEqual("1", metadata.GetProperty("DequeueCount").GetString());
        Assert.AreEqual(JsonSerializer.Serialize(sent.MessageId), metadata.GetProperty("Id").GetString());
        Assert.IsTrue(metadata.GetProperty("PopReceipt").GetString() is ['"', _, .., '"'], "the pop receipt is quoted as well");
        Assert.AreEqual("Succeed", metadata.GetProperty("sys").GetProperty("MethodName").GetString());
        CollectionAssert.AreEqual(Shape(Fixture("queue-invocation-host-serialized.json")), Shape(body));
        Assert.IsTrue(DateTimeOffset.TryParse(metadata.GetProperty("InsertionTime").GetString(), out _));
    }

    [TestMethod]
    public async Task Failing_queue_message_is_tried_maxDequeueCount_times_then_moved_to_poison_with_the_same_text()
    {
        await using var app = await TestHandlerApp.StartAsync(TestEnvironment.UniqueName("qfail"));
        var queue = new QueueClient(TestEnvironment.StorageConnectionString, app.FailQueue, Base64);
        var poison = new QueueClient(TestEnvironment.StorageConnectionString, app.FailQueue + "-poison", Base64);
        await queue.CreateIfNotExistsAsync();
        const string text = """{"kind":"always fails","n":1}""";
        await queue.SendMessageAsync(text);

        var poisoned = await Eventually.WaitAsync(async () =>
            await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(10)).Value : [], m => m.Length > 0, TimeSpan.FromSeconds(45));
        Assert.HasCount(1, poisoned);
        Assert.AreEqual(text, poisoned[0].Body.ToString());
        Assert.AreEqual(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        await Task.Delay(500);
        var invocations = app.Invocations("AlwaysFail");
        CollectionAssert.AreEqual(new int?[] { 1, 2, 3, 4, 5 }, invocations.Select(i => i.DequeueCount).ToArray());
        Assert.IsTrue(invocations.All(i => i.Message == text));
    }

    [TestMethod]
    public async Task Long_invocation_keeps_its_message_invisible()
    {
        await using var app = await TestHandlerApp.StartAsync(TestEnvironment.UniqueName("qslow"),
            // The invocation outlasts its lease almost twice; the renewal every 3 s leaves 3 s of slack on a loaded machine.
            new() { ["SlowDelay"] = "00:00:10" },
            o => o with { QueueMessageLease = TimeSpan.FromSeconds(6) });
        var queue = new QueueClient(TestEnvironment.StorageConnectionString, app.SlowQueue, Base64);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("slow work");

        await app.WaitForInvocationsAsync("Slow", 1, TimeSpan.FromSeconds(30));
        var count = await Eventually.WaitAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, count, "deleted after the slow invocation succeeded");
        Assert.HasCount(1, app.Invocations("Slow"), "its visibility was renewed, so no second delivery");
    }

    [TestMethod]
    public async Task Timer_fires_on_schedule_and_records_its_status()
    {
        var hostId = TestEnvironment.UniqueName("timer");
        await using var app = await TestHandlerApp.StartAsync(hostId, new() { ["TickSchedule"] = "* * * * * *" });

        var ticks = await app.WaitForInvocationsAsync("Tick", 2, TimeSpan.FromSeconds(30));
        Assert.IsGreaterThanOrEqualTo(2, ticks.Count);
        var first = ticks[0].Json.GetProperty("Data").GetProperty("timer");
        Assert.AreEqual(JsonValueKind.Null, first.GetProperty("ScheduleStatus").ValueKind, "no status before the first run");
        Assert.IsFalse(first.GetProperty("IsPastDue").GetBoolean());
        CollectionAssert.AreEqual(Shape(Fixture("timer-invocation-first-run.json")), Shape(ticks[0].Json));

        var second = ticks[1].Json.GetProperty("Data").GetProperty("timer");
        Assert.AreEqual(JsonValueKind.Object, second.GetProperty("ScheduleStatus").ValueKind);
        CollectionAssert.AreEqual(Shape(Fixture("timer-invocation.json")), Shape(ticks[1].Json));
        Assert.AreEqual("Tick", ticks[1].Json.GetProperty("Metadata").GetProperty("sys").GetProperty("MethodName").GetString());

        var blob = new BlobContainerClient(TestEnvironment.StorageConnectionString, TimerScheduler.HostContainer)
            .GetBlobClient(TimerScheduler.StatusBlobName(hostId, "Tick"));
        var status = ScheduleStatus.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())!;
        Assert.IsGreaterThan(status.Last, status.Next);
        Assert.IsLessThan(TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow - status.LastUpdated);
    }

    [TestMethod]
    public async Task Timer_whose_stored_next_run_has_passed_fires_once_as_past_due()
    {
        var hostId = TestEnvironment.UniqueName("pastdue");
        var container = new BlobContainerClient(TestEnvironment.StorageConnectionString, TimerScheduler.HostContainer);
        await container.CreateIfNotExistsAsync();
        var missed = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
        var stored = new ScheduleStatus(missed.AddDays(-1), missed, missed.AddDays(-1).AddMilliseconds(123));
        await container.GetBlobClient(TimerScheduler.StatusBlobName(hostId, "Tick")).UploadAsync(BinaryData.FromString(stored.ToJson()), overwrite: true);

        await using var app = await TestHandlerApp.StartAsync(hostId);
        var ticks = await app.WaitForInvocationsAsync("Tick", 1, TimeSpan.FromSeconds(30));
        await Task.Delay(1000);
        Assert.HasCount(1, app.Invocations("Tick"), "fired once for the missed run, then waits for the (far) next occurrence");
        Assert.IsTrue(ticks[0].IsPastDue);
        var status = ticks[0].Json.GetProperty("Data").GetProperty("timer").GetProperty("ScheduleStatus");
        Assert.AreEqual(missed, DateTimeOffset.Parse(status.GetProperty("Next").GetString()!));

        // The status is written after the invocation returns: on a loaded machine that can take a moment.
        ScheduleStatus updated;
        var until = DateTime.UtcNow.AddSeconds(15);
        do updated = ScheduleStatus.Parse((await container.GetBlobClient(TimerScheduler.StatusBlobName(hostId, "Tick")).DownloadContentAsync()).Value.Content.ToString())!;
        while (updated.Last != missed && DateTime.UtcNow < until && await Task.Delay(200).ContinueWith(_ => true));
        Assert.AreEqual(missed, updated.Last, "the missed occurrence is recorded as the last run");
        Assert.IsGreaterThan(DateTimeOffset.UtcNow, updated.Next);
    }

    [TestMethod]
    public async Task Two_hosts_on_one_storage_fire_a_timer_from_only_one_of_them()
    {
        var hostId = TestEnvironment.UniqueName("lease");
        var every = new Dictionary<string, string> { ["TickSchedule"] = "* * * * * *" };
        var a = await TestHandlerApp.StartAsync(hostId, new(every) { ["Instance"] = "A" });
        await using var b = await TestHandlerApp.StartAsync(hostId, new(every) { ["Instance"] = "B" });
        try
        {
            // Wait for a few ticks rather than a fixed time: on a loaded machine the first ones come late.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (a.Invocations("Tick").Count + b.Invocations("Tick").Count < 3 && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            var fromA = a.Invocations("Tick").Count;
            var fromB = b.Invocations("Tick").Count;
            Assert.IsTrue(fromA == 0 ^ fromB == 0, $"exactly one host fires (A: {fromA}, B: {fromB})");
            Assert.IsGreaterThanOrEqualTo(3, fromA + fromB);

            // The holder stops and releases its lease: the other one takes over.
            var (holder, other) = fromA > 0 ? (a, b) : (b, a);
            await holder.DisposeAsync();
            var before = other.Invocations("Tick").Count;
            var after = await other.WaitForInvocationsAsync("Tick", before + 1, TimeSpan.FromSeconds(20));
            Assert.IsGreaterThan(before, after.Count, "the other host took over the timer");
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    private static JsonElement Fixture(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name))).RootElement;

    /// <summary>The property paths and value kinds of a payload, in order: what "shaped exactly like the fixture" means.</summary>
    private static List<string> Shape(JsonElement element, string path = "")
    {
        var shape = new List<string>();
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject())
            {
                shape.Add($"{path}.{p.Name}:{(p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? "Boolean" : p.Value.ValueKind)}");
                shape.AddRange(Shape(p.Value, $"{path}.{p.Name}"));
            }
        return shape;
    }
}
