using Azure.Data.Tables;
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
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration config)
    {
        var account = StorageAccountSettings.Read(config);
        var calls = new StorageCalls();
        // Queue messages are base64 on the wire: the host's default messageEncoding.
        var queueOptions = calls.Counted(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var tableOptions = calls.Counted(new TableClientOptions());
        var blobOptions = calls.Counted(new BlobClientOptions());
        if (account.ConnectionString is { } connectionString)
        {
            services.AddSingleton(new TableServiceClient(connectionString, tableOptions));
            services.AddSingleton(new BlobServiceClient(connectionString, blobOptions));
            services.AddSingleton(new QueueServiceClient(connectionString, queueOptions));
        }
        else
        {
            var credential = account.Credential();
            services.AddSingleton(new TableServiceClient(account.TableUri!, credential, tableOptions));
            services.AddSingleton(new BlobServiceClient(account.BlobUri!, credential, blobOptions));
            services.AddSingleton(new QueueServiceClient(account.QueueUri!, credential, queueOptions));
        }
        services.AddSingleton(calls);
        services.AddSingleton<Tables>();
        services.AddBlobContainers(ClaimCheck.Container);
        services.AddSingleton<ClaimCheck>();
        services.AddSingleton<WorkQueues>();
        return services;
    }
}
