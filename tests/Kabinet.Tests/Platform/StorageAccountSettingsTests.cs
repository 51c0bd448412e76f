using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Kabinet.Platform.Storage;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Platform;

/// <summary>
/// Both shapes of the AzureWebJobsStorage settings through the one settings reader the app and the host share: the
/// connection string against the run's Azurite, and the identity-based shape Azure uses (its clients are only built:
/// Azurite takes bearer tokens over HTTPS only, and nothing here can reach Azure).
/// </summary>
[TestClass]
public sealed class StorageAccountSettingsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [TestMethod]
    public async Task A_connection_string_gives_clients_that_reach_its_account()
    {
        var config = Settings(("AzureWebJobsStorage", TestEnvironment.StorageConnectionString));
        using var services = new ServiceCollection().AddLogging().AddStorage(config).BuildServiceProvider();

        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(TestEnvironment.UniqueName("settings").Replace("-", ""));
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Value"] = "written" });
        var queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient(TestEnvironment.UniqueName("settings"));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("hello");

        Assert.AreEqual("written", (await table.GetEntityAsync<TableEntity>("p", "r")).Value["Value"]);
        Assert.AreEqual("hello", (await queue.ReceiveMessageAsync()).Value.Body.ToString());
        Assert.IsNotNull(StorageAccountSettings.Read(config).ConnectionString);
    }

    [TestMethod]
    public void The_account_name_with_a_user_assigned_identity_gives_the_three_service_uris()
    {
        var config = Settings(("AzureWebJobsStorage:accountName", "stkabinet"), ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"));
        using var services = new ServiceCollection().AddLogging().AddStorage(config).BuildServiceProvider();

        var account = StorageAccountSettings.Read(config);
        Assert.IsNull(account.ConnectionString);
        Assert.IsInstanceOfType<ManagedIdentityCredential>(account.Credential());
        Assert.AreEqual(new Uri("https://stkabinet.blob.core.windows.net/"), services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.AreEqual(new Uri("https://stkabinet.queue.core.windows.net/"), services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.AreEqual("https://stkabinet.table.core.windows.net/", services.GetRequiredService<TableServiceClient>().Uri.ToString());
    }

    [TestMethod]
    public void Service_uris_win_over_the_account_name_and_a_system_identity_is_used_without_a_client_id()
    {
        var config = Settings(("AzureWebJobsStorage:accountName", "stkabinet"), ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:queueServiceUri", "https://queues.example.net/"));

        var account = StorageAccountSettings.Read(config);

        Assert.AreEqual(new Uri("https://queues.example.net/"), account.QueueUri);
        Assert.AreEqual(new Uri("https://stkabinet.blob.core.windows.net"), account.BlobUri);
        Assert.IsInstanceOfType<ManagedIdentityCredential>(account.Credential());
        Assert.IsInstanceOfType<DefaultAzureCredential>(StorageAccountSettings.Read(Settings(("AzureWebJobsStorage:accountName", "x"))).Credential());
    }

    [TestMethod]
    public void Without_any_storage_setting_the_app_says_which_to_set()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => StorageAccountSettings.Read(Settings()));

        StringAssert.Contains(error.Message, "AzureWebJobsStorage__accountName");
    }
}
