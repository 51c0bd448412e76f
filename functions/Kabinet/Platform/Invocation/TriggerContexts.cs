namespace Kabinet.Platform.Invocation;

public sealed record QueueTrigger(string FunctionName, QueueMessageMetadata Metadata, IServiceProvider Services, CancellationToken CancellationToken)
{
    public int DequeueCount => Metadata.DequeueCount;
}

public sealed record TimerTrigger(string FunctionName, TimerInfo Timer, IServiceProvider Services, CancellationToken CancellationToken);
