using Azure.Core;
using Azure.Identity;

namespace Kabinet.Platform.Storage;

/// <summary>
/// The storage account (a connection string, or the three service URIs and a credential), read from the settings the Functions host reads for <c>AzureWebJobsStorage</c>, so the host and the
/// app always use the same account: a connection string (Azurite locally), or identity-based — <c>__accountName</c> or the
/// service URIs <c>__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>, with <c>__credential</c>
/// <c>managedidentity</c> and <c>__clientId</c> for a user-assigned identity.
/// </summary>
public sealed record StorageAccountSettings(string? ConnectionString, Uri? BlobUri, Uri? QueueUri, Uri? TableUri, string? CredentialKind, string? ClientId)
{
    public const string SettingName = "AzureWebJobsStorage";

    public static StorageAccountSettings Read(IConfiguration config)
    {
        var connectionString = config[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
            return new(connectionString, null, null, null, null, null);
        var accountName = config[$"{SettingName}:accountName"];
        Uri Service(string kind) =>
            Uri.TryCreate(config[$"{SettingName}:{kind}ServiceUri"], UriKind.Absolute, out var uri) ? uri
            : !string.IsNullOrWhiteSpace(accountName) ? new Uri($"https://{accountName}.{kind}.core.windows.net")
            : throw new InvalidOperationException($"Set {SettingName} (a connection string), {SettingName}__accountName or {SettingName}__{kind}ServiceUri.");
        return new(null, Service("blob"), Service("queue"), Service("table"), config[$"{SettingName}:credential"], NullIfBlank(config[$"{SettingName}:clientId"]));
    }

    /// <summary>A managed identity in Azure (the user-assigned one with a client id); any developer credential elsewhere.</summary>
    public TokenCredential Credential() => (CredentialKind, ClientId) switch
    {
        (_, { } clientId) => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)),
        ("managedidentity", null) => new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
        _ => new DefaultAzureCredential(),
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
