using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;

namespace Kabinet.Operators.Queues;

public static class QueuesSetup
{
    public static void AddOperatorQueues(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<FunctionQueues>().AddSingleton<QueueOperations>().AddErrors(QueueErrors.Catalog);

    public static void MapOperatorQueues(this WebApplication app) => OperatorRoutes.Group(app).MapQueues();
}
