using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabinet.Platform.Storage;

public enum StorageKind { Table, Queue, Container }

/// <summary>A table, queue or blob container a feature needs; <see cref="StorageStartup"/> creates it.</summary>
public sealed record StorageResource(StorageKind Kind, string Name);

/// <summary>More start-up work of a feature (e.g. the first operator), run after the resources exist, best-effort like them.</summary>
public sealed record StartupStep(string What, Func<IServiceProvider, CancellationToken, Task> Work);

/// <summary>How features declare what storage they need: <c>services.AddTables("users", …)</c>, queues, containers.</summary>
public static class StorageResources
{
    public static IServiceCollection AddTables(this IServiceCollection services, params string[] names) =>
        services.AddResources(StorageKind.Table, names);

    public static IServiceCollection AddQueues(this IServiceCollection services, params string[] names) =>
        services.AddResources(StorageKind.Queue, names);

    public static IServiceCollection AddBlobContainers(this IServiceCollection services, params string[] names) =>
        services.AddResources(StorageKind.Container, names);

    public static IServiceCollection AddStartupStep(this IServiceCollection services, string what, Func<IServiceProvider, CancellationToken, Task> work)
    {
        services.AddStorageStartup();
        return services.AddSingleton(new StartupStep(what, work));
    }

    private static IServiceCollection AddResources(this IServiceCollection services, StorageKind kind, string[] names)
    {
        services.AddStorageStartup();
        foreach (var name in names) services.AddSingleton(new StorageResource(kind, name));
        return services;
    }

    private static void AddStorageStartup(this IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageStartup>());
}
