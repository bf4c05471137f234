using Azure.Monitor.OpenTelemetry.Exporter;
using FanRewards.Core.Telemetry;
using FanRewards.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddFanRewards(builder.Configuration);

// Telemetry: the worker's invocation spans plus FanRewards' own meter and spans (entries accepted and rejected,
// draw durations and shard runs, awards; the draw's steps in the trace that asked for the draw), exported to
// Application Insights when the app has its connection string (the infra sets it). Here only, not in
// AddFanRewards, so the DevHost stays light: it totals the same instruments at GET /api/manage/metrics.
var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithMetrics(metrics => metrics.AddMeter(FanRewardsTelemetry.Name))
    .WithTracing(tracing => tracing.AddSource(FanRewardsTelemetry.Name));
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    telemetry.UseAzureMonitorExporter();
}

builder.Build().Run();
