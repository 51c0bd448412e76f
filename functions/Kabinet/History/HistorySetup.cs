using Kabinet.Platform.Errors;

namespace Kabinet.History;

public static class HistorySetup
{
    public static void AddHistory(this WebApplicationBuilder builder)
    {
        // The payer's payment rows are Payments' own (PaymentTables comes with AddPayments); history only reads them.
        builder.Services.AddErrors(HistoryErrors.Catalog);
    }

    /// <summary>GET /api/history (the History function).</summary>
    public static void MapHistory(this WebApplication app) => app.MapHistoryFunction();
}
