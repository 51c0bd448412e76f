using Azure.Storage.Queues;

namespace Kabinet.Tests.Infrastructure;

/// <summary>
/// The real services the tests talk to. ./test.sh starts Azurite and MailDev on free ports
/// and passes their addresses in these variables; defaults match ./run.sh's fixed ports.
/// </summary>
public static class TestEnvironment
{
    public static string StorageConnectionString =>
        Environment.GetEnvironmentVariable("KABINET_TEST_STORAGE") ?? "UseDevelopmentStorage=true";

    public static int SmtpPort =>
        int.TryParse(Environment.GetEnvironmentVariable("KABINET_TEST_SMTP_PORT"), out var p) ? p : 1025;

    public static Uri MailDevUrl =>
        new(Environment.GetEnvironmentVariable("KABINET_TEST_MAILDEV_URL") ?? "http://127.0.0.1:1080");

    public const string SigningKey = "test-signing-key-0123456789-0123456789-abcdef";

    /// <summary>Auth:PasswordIterations of the Development apps tests start: cheap hashes (production needs 600,000).</summary>
    public const int PasswordIterations = 1_000;

    /// <summary>A name unique to one test, valid for tables (letters and digits), queues and containers (lower case).</summary>
    public static string UniqueName(string prefix) =>
        (prefix + Guid.NewGuid().ToString("N")[..12]).ToLowerInvariant();

    /// <summary>A queue of the run's storage as the host reads it (base64 messages), created when missing.</summary>
    public static QueueClient Queue(string name)
    {
        var queue = new QueueClient(StorageConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        queue.CreateIfNotExists();
        return queue;
    }
}
