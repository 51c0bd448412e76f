using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Kabinet.LocalHost;

/// <summary>
/// Polls one queue for one queueTrigger function with the Storage Queues extension's semantics: batches of
/// batchSize, a new batch once in-flight work drops to newBatchThreshold, randomized exponential back-off up to
/// maxPollingInterval when the queue is empty, retries via visibilityTimeout and a poison queue after maxDequeueCount.
/// </summary>
public sealed class QueueListener(
    FunctionDefinition function,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueOptions options,
    TimeSpan messageLease,
    FunctionInvoker invoker,
    ILogger<QueueListener> logger)
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    public static QueueListener Create(FunctionDefinition function, AppSettings settings, QueueOptions options, TimeSpan messageLease, FunctionInvoker invoker, ILoggerFactory loggers)
    {
        var queueName = settings.Resolve(function.Property("queueName") ?? throw new InvalidDataException($"Function '{function.Name}': queueName is missing.")).ToLowerInvariant();
        var connectionName = function.Property("connection") is { Length: > 0 } c ? settings.Resolve(c) : "AzureWebJobsStorage";
        var connectionString = settings.Get(connectionName) ?? settings.Get("AzureWebJobs" + connectionName)
            ?? throw new InvalidOperationException($"Function '{function.Name}': setting '{connectionName}' (the queue's connection) is not defined.");
        var clientOptions = new QueueClientOptions { MessageEncoding = options.Base64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None };
        return new QueueListener(function,
            new QueueClient(connectionString, queueName, clientOptions),
            new QueueClient(connectionString, queueName + "-poison", clientOptions),
            options, messageLease, invoker, loggers.CreateLogger<QueueListener>());
    }

    public string QueueName => queue.Name;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        logger.LogInformation("Function {FunctionName} listens on queue {QueueName}", function.Name, queue.Name);

        var inFlight = new List<Task>();
        var emptyPolls = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                while (inFlight.Count > options.NewBatchThreshold)
                {
                    await Task.WhenAny(inFlight);
                    inFlight.RemoveAll(t => t.IsCompleted);
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(options.BatchSize, messageLease, stoppingToken)).Value;
                }
                catch (RequestFailedException ex)
                {
                    logger.LogWarning(ex, "Receiving from queue {QueueName} failed", queue.Name);
                    messages = [];
                }

                if (messages.Length > 0)
                {
                    emptyPolls = 0;
                    inFlight.AddRange(messages.Select(m => Task.Run(() => ProcessAsync(m, stoppingToken), CancellationToken.None)));
                    continue; // messages were found: poll again right away
                }

                await Task.Delay(NextDelay(++emptyPolls), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        await Task.WhenAll(inFlight);
    }

    /// <summary>Randomized exponential back-off from 100 ms, capped at maxPollingInterval.</summary>
    private TimeSpan NextDelay(int emptyPolls)
    {
        var factor = Math.Pow(2, Math.Min(emptyPolls - 1, 20)) * (0.8 + Random.Shared.NextDouble() * 0.4);
        var delay = TimeSpan.FromMilliseconds(MinimumPollingInterval.TotalMilliseconds * factor);
        return delay < options.MaxPollingInterval ? delay : options.MaxPollingInterval;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            // A message already dequeued more often than allowed (e.g. its invocations crashed) goes straight to poison.
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message.MessageId, message.PopReceipt, message.Body);
                return;
            }

            var lease = new MessageLease(queue, message, messageLease, logger);
            bool succeeded;
            await using (lease)
            {
                var payload = InvocationPayloads.Queue(function.Name, function.BindingName, message, message.Body.ToString(), DateTime.UtcNow, Guid.NewGuid());
                succeeded = await invoker.InvokeAsync(function.Name, $"New queue message detected on '{queue.Name}'.", Guid.NewGuid(), payload, stoppingToken);
            }

            if (succeeded)
                await IgnoreGoneAsync(() => queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, CancellationToken.None));
            else if (message.DequeueCount >= options.MaxDequeueCount)
                await MoveToPoisonAsync(message.MessageId, lease.PopReceipt, message.Body);
            else
                await IgnoreGoneAsync(() => queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the message becomes visible again when its lease runs out.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Processing message {MessageId} from queue {QueueName} failed", message.MessageId, queue.Name);
        }
    }

    private async Task MoveToPoisonAsync(string messageId, string popReceipt, BinaryData body)
    {
        logger.LogWarning("Message {MessageId} has reached MaxDequeueCount of {MaxDequeueCount}. Moving message to queue '{PoisonQueue}'.",
            messageId, options.MaxDequeueCount, poisonQueue.Name);
        await poisonQueue.CreateIfNotExistsAsync();
        await poisonQueue.SendMessageAsync(body);
        await IgnoreGoneAsync(() => queue.DeleteMessageAsync(messageId, popReceipt, CancellationToken.None));
    }

    /// <summary>A 404 (message gone) or 400 (pop receipt no longer matches: someone else owns it) needs no action, as in the host.</summary>
    private static async Task IgnoreGoneAsync(Func<Task> action)
    {
        try { await action(); }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400) { }
    }

    /// <summary>Keeps a message invisible while its invocation runs: renews the visibility at half the lease.</summary>
    private sealed class MessageLease : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, ILogger logger)
        {
            PopReceipt = message.PopReceipt;
            _renewal = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        await Task.Delay(lease / 2, _stop.Token);
                        var receipt = await queue.UpdateMessageAsync(message.MessageId, PopReceipt, visibilityTimeout: lease, cancellationToken: _stop.Token);
                        PopReceipt = receipt.Value.PopReceipt;
                        logger.LogDebug("Renewed visibility of message {MessageId} for {Lease}", message.MessageId, lease);
                    }
                }
                catch (OperationCanceledException) { }
                catch (RequestFailedException ex)
                {
                    logger.LogWarning(ex, "Could not renew visibility of message {MessageId}", message.MessageId);
                }
            });
        }

        public string PopReceipt { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
        }
    }
}
