using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;

namespace Kabinet.Operators;

/// <summary>Operator imports: POST/GET /api/operator/imports and the ImportData queue function.</summary>
public static class ImportsSetup
{
    public static void AddImports(this WebApplicationBuilder builder)
    {
        builder.Services.AddErrors(ImportErrors.Catalog);
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ImportProcessor>().AddHostedService<ImportsStartup>();
    }

    public static void MapImports(this WebApplication app)
    {
        OperatorRoutes.Group(app).MapImportEndpoints();
        app.MapQueueFunction<ImportMessage>("ImportData", (message, trigger) =>
            trigger.Services.GetRequiredService<ImportProcessor>().HandleAsync(message, trigger));
    }
}

/// <summary>Creates the imports blob container at start-up (the imports table is one of the data tables).</summary>
public sealed class ImportsStartup(ImportProcessor processor) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => processor.Blobs.CreateIfNotExistsAsync(cancellationToken: ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
