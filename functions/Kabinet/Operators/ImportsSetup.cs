using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;

namespace Kabinet.Operators;

/// <summary>Operator imports: POST/GET /api/operator/imports and the ImportData queue function.</summary>
public static class ImportsSetup
{
    public static void AddImports(this WebApplicationBuilder builder)
    {
        builder.Services.AddErrors(ImportErrors.Catalog);
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The imports table is one of the data tables.
        builder.Services.AddSingleton<ImportTables>().AddTables(ImportTables.Name).AddSingleton<ImportProcessor>().AddBlobContainers(ImportProcessor.Container).AddQueues(ImportMessage.QueueName);
    }

    public static void MapImports(this WebApplication app)
    {
        OperatorRoutes.Group(app).MapImportEndpoints();
        OperatorRoutes.Group(app).MapImportList();
        app.MapQueueFunction<ImportMessage>("ImportData", (message, trigger) =>
            trigger.Services.GetRequiredService<ImportProcessor>().HandleAsync(message, trigger));
    }
}
