using Azure;
using Azure.Data.Tables;

namespace Kabinet.Readings;

/// <summary>
/// RK = "reading|{serial}|{yyyy-MM-dd}": one reading per meter per local day.
/// Values JSON {"T1":"15738"} as invariant decimal strings.
/// </summary>
public sealed class ReadingRecordEntity : ITableEntity
{
    public const string Prefix = "reading|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Serial { get; set; } = "";
    public string Date { get; set; } = "";
    public string Values { get; set; } = "{}";
    /// <summary>web, import, remote.</summary>
    public string Channel { get; set; } = "import";
    /// <summary>accepted, needs_review, billed, withdrawn.</summary>
    public string Status { get; set; } = "accepted";
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The rows of one meter: <c>reading|{serial}|</c>.</summary>
    public static string PrefixFor(string serial) => Prefix + serial + "|";
    /// <param name="date">yyyy-MM-dd.</param>
    public static string RowFor(string serial, string date) => PrefixFor(serial) + date;
    public static string RowFor(string serial, DateOnly date) => RowFor(serial, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
