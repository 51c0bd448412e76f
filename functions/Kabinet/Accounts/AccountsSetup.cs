namespace Kabinet.Accounts;

public static class AccountsSetup
{
    public static void AddAccounts(this WebApplicationBuilder builder) { }

    public static void MapAccounts(this WebApplication app) { }
}
