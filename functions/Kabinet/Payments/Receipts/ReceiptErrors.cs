using Kabinet.Platform.Errors;

namespace Kabinet.Payments.Receipts;

public static class ReceiptErrors
{
    public const string NotFound = "receipt.not_found";

    public static readonly ErrorCatalog Catalog = new()
    {
        [NotFound] = ("Квитанция не найдена: нет такой оплаты или она ещё не прошла.", "There is no receipt: no such payment, or it has not succeeded."),
    };
}
