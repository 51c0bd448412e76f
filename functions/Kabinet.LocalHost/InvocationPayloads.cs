using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;

namespace Kabinet.LocalHost;

/// <summary>The JSON bodies the host POSTs to /{FunctionName}; shaped like the fixtures in shared/fixtures/functions-host.</summary>
public static class InvocationPayloads
{
    /// <summary>
    /// Queue trigger, as the host's <c>GetHttpScriptInvocationContextValue</c> makes it: a string or a number is
    /// JSON-encoded (<c>JsonConvert.SerializeObject</c>) before the payload is serialised, so the message text arrives
    /// as a JSON string holding a JSON string, Id and PopReceipt in extra quotes and DequeueCount as a string;
    /// the times stay plain (DateTimeOffset values pass through). See queue-invocation-host-serialized.json.
    /// </summary>
    public static byte[] Queue(string functionName, string bindingName, QueueMessage message, string messageText, DateTime utcNow, Guid randGuid) =>
        Write(w =>
        {
            w.WriteStartObject("Data");
            w.WriteString(bindingName, Encode(messageText));
            w.WriteEndObject();
            w.WriteStartObject("Metadata");
            w.WriteString("DequeueCount", message.DequeueCount.ToString(CultureInfo.InvariantCulture));
            w.WriteString("ExpirationTime", Format(message.ExpiresOn));
            w.WriteString("Id", Encode(message.MessageId));
            w.WriteString("InsertionTime", Format(message.InsertedOn));
            w.WriteString("NextVisibleTime", Format(message.NextVisibleOn));
            w.WriteString("PopReceipt", Encode(message.PopReceipt));
            WriteSys(w, functionName, utcNow, randGuid);
            w.WriteEndObject();
        });

    /// <summary>Timer trigger: TimerInfo with its schedule, the stored status (null before the first recorded run) and IsPastDue.</summary>
    public static byte[] Timer(string functionName, string bindingName, ScheduleStatus? status, bool isPastDue, DateTime utcNow, Guid randGuid) =>
        Write(w =>
        {
            w.WriteStartObject("Data");
            w.WriteStartObject(bindingName);
            w.WriteStartObject("Schedule");
            w.WriteBoolean("AdjustForDST", true);
            w.WriteEndObject();
            if (status is null) w.WriteNull("ScheduleStatus");
            else
            {
                w.WritePropertyName("ScheduleStatus");
                status.WriteTo(w);
            }
            w.WriteBoolean("IsPastDue", isPastDue);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("Metadata");
            WriteSys(w, functionName, utcNow, randGuid);
            w.WriteEndObject();
        });

    private static void WriteSys(Utf8JsonWriter w, string functionName, DateTime utcNow, Guid randGuid)
    {
        w.WriteStartObject("sys");
        w.WriteString("MethodName", functionName);
        w.WriteString("UtcNow", utcNow.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
        w.WriteString("RandGuid", randGuid.ToString());
        w.WriteEndObject();
    }

    /// <summary>Whole seconds as "2026-11-24T10:15:30+00:00", anything finer in round-trip form, as in the fixtures.</summary>
    internal static string? Format(DateTimeOffset? value) => value switch
    {
        null => null,
        { } v when v.Ticks % TimeSpan.TicksPerSecond == 0 => v.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        { } v => v.ToString("o", CultureInfo.InvariantCulture),
    };

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A string as JSON text, as JsonConvert.SerializeObject writes it (non-ASCII kept as is).</summary>
    internal static string Encode(string value) => JsonSerializer.Serialize(value, Relaxed);

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}

/// <summary>A timer's schedule status as the host keeps it in timers/&lt;hostId&gt;/&lt;timer&gt;/status.</summary>
public sealed record ScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated)
{
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("Last", InvocationPayloads.Format(Last));
        w.WriteString("Next", InvocationPayloads.Format(Next));
        w.WriteString("LastUpdated", InvocationPayloads.Format(LastUpdated));
        w.WriteEndObject();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream)) WriteTo(w);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ScheduleStatus? Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new ScheduleStatus(
            DateTimeOffset.Parse(root.GetProperty("Last").GetString()!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(root.GetProperty("Next").GetString()!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(root.GetProperty("LastUpdated").GetString()!, CultureInfo.InvariantCulture));
    }
}
