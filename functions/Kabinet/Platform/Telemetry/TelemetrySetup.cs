using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Kabinet.Platform.Telemetry;

public static class TelemetrySetup
{
    /// <summary>
    /// Structured logs, traces and metrics through OpenTelemetry; exported to Azure Monitor
    /// when APPLICATIONINSIGHTS_CONNECTION_STRING is set (as the deployed app has it).
    /// </summary>
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

        var connectionString = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var exportToAzure = !string.IsNullOrWhiteSpace(connectionString);

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
            if (exportToAzure) o.AddAzureMonitorLogExporter(e => e.ConnectionString = connectionString);
        });
        builder.Services.AddOpenTelemetry()
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (exportToAzure) t.AddAzureMonitorTraceExporter(e => e.ConnectionString = connectionString);
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (exportToAzure) m.AddAzureMonitorMetricExporter(e => e.ConnectionString = connectionString);
            });
    }
}
