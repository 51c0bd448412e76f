using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Payments.Cards;

/// <summary>A payer's saved cards: listed, found by id within the payer's own, deleted, and saved once per payment.</summary>
public sealed class SavedCards(PaymentTables tables, TimeProvider clock)
{
    public async Task<List<SavedCardEntity>> ListAsync(string userId, CancellationToken ct)
    {
        var cards = new List<SavedCardEntity>();
        await foreach (var card in tables.Cards.QueryAsync<SavedCardEntity>(c => c.PartitionKey == userId, cancellationToken: ct)) cards.Add(card);
        return [.. cards.OrderByDescending(c => c.CreatedAt)];
    }

    /// <summary>The payer's card; null for an unknown id, another payer's card, or an id that is no card id.</summary>
    public async Task<SavedCardEntity?> FindAsync(string userId, string? cardId, CancellationToken ct)
    {
        if (!PaymentRules.IsCardId(cardId)) return null;
        var found = await tables.Cards.GetEntityIfExistsAsync<SavedCardEntity>(userId, cardId!, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>False when the payer has no such card.</summary>
    /// <summary>Every card of the user (a deleted profile keeps no gateway tokens).</summary>
    public Task<int> DeleteAllAsync(string userId, CancellationToken ct) =>
        tables.Cards.DeleteWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {userId}"), ct);

    public async Task<bool> DeleteAsync(string userId, string cardId, CancellationToken ct)
    {
        if (!PaymentRules.IsCardId(cardId)) return false;
        // The SDK answers a missing row's 404 without throwing.
        var deleted = await tables.Cards.DeleteEntityAsync(userId, cardId, ETag.All, ct);
        return deleted.Status != StatusCodes.Status404NotFound;
    }

    /// <summary>
    /// Saves the card a succeeded payment brought back, under the payment's id: a repeated or parallel apply finds it there.
    /// A card the payer already has (the same token, saved by an earlier payment) is not saved again. The card's id.
    /// </summary>
    public async Task<string> SaveAsync(string userId, string paymentId, string gateway, GatewaySavedCard card, CancellationToken ct)
    {
        if ((await ListAsync(userId, ct)).FirstOrDefault(c => c.Gateway == gateway && c.Token == card.Token) is { } known) return known.RowKey;
        try
        {
            await tables.Cards.AddEntityAsync(new SavedCardEntity
            {
                PartitionKey = userId, RowKey = paymentId, Gateway = gateway, Token = card.Token, Masked = card.Masked, Expiry = card.Expiry,
                CreatedAt = clock.GetUtcNow(),
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409) { }
        return paymentId;
    }
}
