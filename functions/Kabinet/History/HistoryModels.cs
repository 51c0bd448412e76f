using System.Text.Json.Serialization;

namespace Kabinet.History;

/// <summary>
/// One event of <c>GET /history</c>: what (payments, readings, bills), when, on which account; then the fields of its type
/// (the others are absent). A payment of several accounts names the first of them the list shows and lists all in accountIds.
/// </summary>
public sealed record HistoryItemView(string Type, DateTimeOffset At, string AccountId, string AccountNumber, string ProviderId, string? ProviderName)
{
    // readings
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MeterSerial { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, decimal>? Values { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Channel { get; init; }
    // readings, bills, payments
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; init; }
    // bills
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Period { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? AmountDue { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DueDate { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PdfUrl { get; init; }
    // bills (what the bill charged), payments (amount + commission)
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Total { get; init; }
    // payments
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PaymentId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Amount { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Commission { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ReceiptUrl { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? AccountIds { get; init; }
}
