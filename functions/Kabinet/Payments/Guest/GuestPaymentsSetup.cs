using Kabinet.Payments.Guest;
using Kabinet.Platform.Errors;

namespace Kabinet.Payments;

public static class GuestPaymentsSetup
{
    public static void AddGuestPayments(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<GuestPayments>().AddErrors(GuestPaymentErrors.Catalog);

    public static void MapGuestPayments(this WebApplication app) => app.MapGuestPaymentsFunction();
}
