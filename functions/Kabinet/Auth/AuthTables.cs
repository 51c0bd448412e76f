using Azure.Data.Tables;

namespace Kabinet.Auth;

/// <summary>
/// The tables of sign-up, sign-in and the profile. <c>Storage:TablePrefix</c> (empty in
/// production) gives each test its own set.
/// </summary>
public sealed class AuthTables(TableServiceClient service, IConfiguration config)
{
    private readonly string _prefix = config["Storage:TablePrefix"] ?? "";

    public TableClient Users => Get("users");
    public TableClient Logins => Get("logins");
    public TableClient Challenges => Get("challenges");
    public TableClient Sessions => Get("sessions");
    public TableClient RefreshTokens => Get("refreshtokens");
    public TableClient Throttle => Get("throttle");
    public TableClient TrustedDevices => Get("trusteddevices");
    public TableClient Audit => Get("audit");
    /// <summary>Development only: created by AuthStartup there, never anywhere else.</summary>
    public TableClient DevSms => Get("devsms");

    private TableClient Get(string name) => service.GetTableClient(_prefix + name);

    public Task CreateAllAsync(CancellationToken ct) =>
        Task.WhenAll(new[] { Users, Logins, Challenges, Sessions, RefreshTokens, Throttle, TrustedDevices, Audit }
            .Select(t => t.CreateIfNotExistsAsync(ct)));
}
