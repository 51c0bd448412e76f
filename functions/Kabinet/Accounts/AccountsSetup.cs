using Kabinet.Platform.Errors;
using Kabinet.Providers;

namespace Kabinet.Accounts;

public static class AccountsSetup
{
    /// <summary><see cref="AccountLinks"/> (links, bill delivery; <c>RemoveAllAsync</c> for profile deletion).</summary>
    public static void AddAccounts(this WebApplicationBuilder builder) => builder.Services.AddSingleton<AccountLinks>().AddErrors(AccountsErrors.Catalog);

    /// <summary>The Accounts, Groups and (public) Providers functions.</summary>
    public static void MapAccounts(this WebApplication app)
    {
        app.MapAccountsFunction();
        app.MapGroupsFunction();
        app.MapProviders();
    }
}
