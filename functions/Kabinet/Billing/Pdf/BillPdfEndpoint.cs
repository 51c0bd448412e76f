using Kabinet.Accounts;
using Kabinet.Docs;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;

namespace Kabinet.Billing.Pdf;

/// <summary>GET /api/accounts/{id}/bills/{period}/pdf: the bill's PDF, under the Accounts function like the rest of a linked account.</summary>
public static class BillPdfEndpoint
{
    public static void MapBillPdfEndpoint(this WebApplication app)
    {
        var group = LinkedAccount.RequireLinkedAccount(app.MapHttpFunction("Accounts", "accounts").WithTags("bills").RequireAuthorization());
        group.MapGet("/{id}/bills/{period}/pdf", Pdf)
            .WithSummary("The bill of a period (yyyy-MM) as a one-page PDF: requisites, readings, lines, totals, the payment QR code (ГОСТ Р 56042-2014) and 12 months of consumption.")
            .WithDescription("404 bill.not_found when the account has no bill for the period; 404 bill.no_document for a bill imported without its document.")
            .Produces<Stream>(StatusCodes.Status200OK, BillPdf.ContentType);
    }

    private static async Task<IResult> Pdf(string id, string period, [WithBill] LinkedAccount scope, BillPdfs pdfs, HttpContext http, CancellationToken ct)
    {
        if (scope.Row<BillEntity>(BillEntity.RowFor(period)) is not { } row) return Problems.Create(http, StatusCodes.Status404NotFound, BillPdfErrors.NotFound);
        if (BillPdfs.Document(row) is not { } bill) return Problems.Create(http, StatusCodes.Status404NotFound, BillPdfErrors.NoDocument);
        // Stored by the RenderBillPdfs function; a bill asked for before it ran is rendered here, and stored for next time.
        var pdf = await pdfs.StoredAsync(id, period, ct) ?? await pdfs.RenderAndStoreAsync(bill, id, period, ct);
        return Results.File(pdf, BillPdf.ContentType, $"bill-{bill.AccountNumber}-{period}.pdf");
    }
}

/// <summary>The bill row of the route's {period} (none for a value that is not a period: the bill is then not found).</summary>
public sealed class WithBillAttribute : AccountRowsAttribute
{
    public override IReadOnlyList<RowRange> Ranges(RouteValueDictionary route) =>
        route["period"] is string period && BillPdfs.IsPeriod(period) ? [RowRange.Key(BillEntity.RowFor(period))] : [];
}
