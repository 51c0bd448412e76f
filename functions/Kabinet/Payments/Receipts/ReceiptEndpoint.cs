using Kabinet.Auth;
using Kabinet.Docs;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;

namespace Kabinet.Payments.Receipts;

/// <summary>GET /api/payments/{id}/receipt: the payer's receipt PDF, rendered on the spot when the queue has not yet.</summary>
public static class ReceiptEndpoint
{
    public static void MapReceiptEndpoint(this WebApplication app)
    {
        var group = app.MapHttpFunction("Payments", "payments").WithTags("payments").RequireAuthorization();
        group.MapGet("/{id}/receipt", Receipt)
            .WithSummary("The receipt of one of the caller's succeeded payments as a one-page PDF: per account the provider's requisites, the amounts by service, the commission, the total, the gateway's reference and the time.")
            .WithDescription("404 receipt.not_found for an unknown payment, another user's, or one that has not succeeded.")
            .Produces<Stream>(StatusCodes.Status200OK, ReceiptPdf.ContentType)
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Receipt(string id, PaymentReceipts receipts, Users users, HttpContext http, CancellationToken ct)
    {
        var userId = http.User.UserId();
        if (await receipts.PaymentAsync(id, ct) is not { Status: PaymentStatuses.Succeeded } payment || payment.UserId != userId)
            return Problems.Create(http, StatusCodes.Status404NotFound, ReceiptErrors.NotFound);
        var pdf = await receipts.StoredAsync(id, ct)
            ?? await receipts.RenderAndStoreAsync(payment, await receipts.ModelAsync(payment, await users.FindAsync(userId, ct), ct), ct);
        return Results.File(pdf, ReceiptPdf.ContentType, $"receipt-{id}.pdf");
    }
}
