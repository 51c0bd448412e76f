using Kabinet.Platform.Errors;

namespace Kabinet.Billing.Pdf;

public static class BillPdfErrors
{
    public const string NotFound = "bill.not_found";
    public const string NoDocument = "bill.no_document";

    public static readonly ErrorCatalog Catalog = new()
    {
        [NotFound] = ("Счёт за этот период не найден.", "There is no bill for this period."),
        [NoDocument] = ("Этот счёт загружен из учётной системы без документа: PDF для него нет.", "This bill was imported without its document: there is no PDF of it."),
    };
}
