using Azure;
using Azure.Data.Tables;

namespace Kabinet.Payments.Cards;

/// <summary>
/// paymentcards: PK = user id, RK = card id — the id of the payment that saved it, so a repeated notice saves it once.
/// <see cref="Token"/> is the gateway's and is only ever sent back to that gateway: never in an answer or a log.
/// </summary>
public sealed class SavedCardEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The gateway that issued <see cref="Token"/>: a card is paid with there only.</summary>
    public string Gateway { get; set; } = "";
    public string Token { get; set; } = "";
    /// <summary>As the gateway shows it, e.g. "4242 •••• •••• 4242".</summary>
    public string Masked { get; set; } = "";
    /// <summary>MM/YY.</summary>
    public string Expiry { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
