using Kabinet.Payments;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabinet.History;

public static class HistorySetup
{
    public static void AddHistory(this WebApplicationBuilder builder)
    {
        // The payer's rows are Payments' own; history only reads them. Try-add: Payments registers the same.
        builder.Services.TryAddSingleton<PaymentTables>();
        builder.Services.AddTables(PaymentTables.Names.Payments).AddErrors(HistoryErrors.Catalog);
    }

    /// <summary>GET /api/history (the History function).</summary>
    public static void MapHistory(this WebApplication app) => app.MapHistoryFunction();
}
