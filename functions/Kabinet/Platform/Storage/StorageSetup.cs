using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Kabinet.Platform.Storage;

/// <summary>
/// Table, Blob and Queue clients for the function app's storage account, configured the way
/// the Functions host reads it: a connection string in <c>AzureWebJobsStorage</c> (Azurite
/// locally), or an identity-based <c>AzureWebJobsStorage__accountName</c> (+ <c>__clientId</c>) in Azure.
/// </summary>
public static class StorageSetup
{
    public const string SettingName = "AzureWebJobsStorage";

    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = config[SettingName];
        var accountName = config[$"{SettingName}:accountName"];
        if (string.IsNullOrWhiteSpace(connectionString) && string.IsNullOrWhiteSpace(accountName))
            throw new InvalidOperationException($"Set {SettingName} (a connection string) or {SettingName}__accountName.");

        var calls = new StorageCalls();
        // Queue messages are base64 on the wire: the host's default messageEncoding.
        var queueOptions = calls.Counted(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var tableOptions = calls.Counted(new TableClientOptions());
        var blobOptions = calls.Counted(new BlobClientOptions());
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton(new TableServiceClient(connectionString, tableOptions));
            services.AddSingleton(new BlobServiceClient(connectionString, blobOptions));
            services.AddSingleton(new QueueServiceClient(connectionString, queueOptions));
        }
        else
        {
            var clientId = config[$"{SettingName}:clientId"];
            TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            services.AddSingleton(new TableServiceClient(new Uri($"https://{accountName}.table.core.windows.net"), credential, tableOptions));
            services.AddSingleton(new BlobServiceClient(new Uri($"https://{accountName}.blob.core.windows.net"), credential, blobOptions));
            services.AddSingleton(new QueueServiceClient(new Uri($"https://{accountName}.queue.core.windows.net"), credential, queueOptions));
        }
        services.AddSingleton(calls);
        services.AddSingleton<Tables>();
        services.AddBlobContainers(ClaimCheck.Container);
        services.AddSingleton<ClaimCheck>();
        services.AddSingleton<WorkQueues>();
        return services;
    }
}
