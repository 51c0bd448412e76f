using System.Text.Json;
using Kabinet.Email;
using Kabinet.Platform.Invocation;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Platform;

[TestClass]
public sealed class InvocationContractTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

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
