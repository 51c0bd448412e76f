using Kabinet.Auth;
using Kabinet.Docs;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Paging;

namespace Kabinet.Payments.Cards;

/// <summary>A saved card as its payer sees it: never the gateway's token.</summary>
public sealed record SavedCardView(string Id, string Masked, string Expiry, DateTimeOffset CreatedAt)
{
    public static SavedCardView Of(SavedCardEntity c) => new(c.RowKey, c.Masked, c.Expiry, c.CreatedAt);
}

/// <summary>GET and DELETE /api/payments/cards: the signed-in payer's saved cards (pay with one: POST /api/payments, method savedCard).</summary>
public static class CardsEndpoints
{
    public static void MapPaymentCards(this WebApplication app)
    {
        var cards = app.MapHttpFunction("Payments", "payments").WithTags("payments").RequireAuthorization();
        cards.MapGet("/cards", List)
            .WithSummary("The caller's saved cards, newest first: id, masked number, expiry. Saved by a card payment with saveCard that succeeded.")
            .Produces<ListPage<SavedCardView>>();
        cards.MapDelete("/cards/{cardId}", Delete)
            .WithSummary("Deletes one of the caller's saved cards; payments already made with it stay.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(HttpContext http, SavedCards cards, CancellationToken ct) =>
        TypedResults.Ok(new ListPage<SavedCardView>([.. (await cards.ListAsync(http.User.UserId(), ct)).Select(SavedCardView.Of)], null));

    private static async Task<IResult> Delete(string cardId, HttpContext http, SavedCards cards, CancellationToken ct) =>
        await cards.DeleteAsync(http.User.UserId(), cardId, ct) ? TypedResults.NoContent() : Problems.Create(http, StatusCodes.Status404NotFound, PaymentErrors.CardNotFound);
}
