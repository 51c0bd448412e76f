namespace Kabinet.Platform.Invocation;

public enum TriggerKind { Http, Queue, Timer }

/// <summary>Marks the endpoint(s) that serve a function named in a function.json.</summary>
public sealed record FunctionMetadata(string Name, TriggerKind Trigger);
