using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabinet.Platform.Invocation;

// What the Functions host POSTs to a custom handler at /{FunctionName}; see docs/design.md
// "The invocation contract" and tests/Kabinet.Tests/Fixtures.

public sealed record QueueInvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] QueueMessageMetadata? Metadata);

/// <summary>Each value as the host may encode it: a string quoted once more, DequeueCount as a number or a string (see HostJson).</summary>
public sealed record QueueMessageMetadata(
    [property: JsonPropertyName("DequeueCount"), JsonConverter(typeof(HostInt32Converter))] int DequeueCount,
    [property: JsonPropertyName("Id"), JsonConverter(typeof(HostStringConverter))] string? Id,
    [property: JsonPropertyName("InsertionTime"), JsonConverter(typeof(HostDateTimeOffsetConverter))] DateTimeOffset? InsertionTime,
    [property: JsonPropertyName("ExpirationTime"), JsonConverter(typeof(HostDateTimeOffsetConverter))] DateTimeOffset? ExpirationTime,
    [property: JsonPropertyName("NextVisibleTime"), JsonConverter(typeof(HostDateTimeOffsetConverter))] DateTimeOffset? NextVisibleTime,
    [property: JsonPropertyName("PopReceipt"), JsonConverter(typeof(HostStringConverter))] string? PopReceipt,
    [property: JsonPropertyName("sys")] InvocationSys? Sys);

public sealed record InvocationSys(
    [property: JsonPropertyName("MethodName")] string? MethodName,
    [property: JsonPropertyName("UtcNow")] DateTimeOffset? UtcNow,
    [property: JsonPropertyName("RandGuid")] string? RandGuid);

public sealed record TimerInvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, TimerInfo>? Data,
    [property: JsonPropertyName("Metadata")] TimerMetadata? Metadata);

public sealed record TimerMetadata([property: JsonPropertyName("sys")] InvocationSys? Sys);

public sealed record TimerInfo(
    [property: JsonPropertyName("ScheduleStatus")] ScheduleStatus? ScheduleStatus,
    [property: JsonPropertyName("IsPastDue")] bool IsPastDue);

public sealed record ScheduleStatus(
    [property: JsonPropertyName("Last")] DateTimeOffset Last,
    [property: JsonPropertyName("Next")] DateTimeOffset Next,
    [property: JsonPropertyName("LastUpdated")] DateTimeOffset LastUpdated);

/// <summary>The body a custom handler answers with on 2xx.</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] List<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static InvocationResponse Empty() => new([], [], null);
}
