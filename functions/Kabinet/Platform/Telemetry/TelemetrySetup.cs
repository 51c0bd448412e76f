using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Kabinet.Platform.Telemetry;

public static class TelemetrySetup
{
    /// <summary>
    /// JSON console logs outside Development; logs, traces and metrics through OpenTelemetry to Azure Monitor
    /// when APPLICATIONINSIGHTS_CONNECTION_STRING is set (as the deployed app has it).
    /// </summary>
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

        // Without a place to send them, traces and metrics would only cost: every request and storage call would record an
        // activity nobody reads (measured by bench/readings.sh as CPU per submission).
        var connectionString = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (string.IsNullOrWhiteSpace(connectionString)) return;

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
            o.AddAzureMonitorLogExporter(e => e.ConnectionString = connectionString);
        });
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddAzureMonitorTraceExporter(e => e.ConnectionString = connectionString))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddAzureMonitorMetricExporter(e => e.ConnectionString = connectionString));
    }
}
