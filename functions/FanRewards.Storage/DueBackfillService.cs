using FanRewards.Core.Awards;
using FanRewards.Core.Retention;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FanRewards.Storage;

/// <summary>
/// Runs the due index's one-off backfill when an instance starts, in the background (startup does not wait for it),
/// until one run has finished for the store. Instances starting together may each run it: marks are idempotent.
/// </summary>
internal sealed class DueBackfillService(DueBackfill backfill, RetentionBackfill retention, StorageTables tables, ILogger<DueBackfillService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await tables.EnsureCreatedAsync(stoppingToken);
            var marked = await backfill.RunOnceAsync(stoppingToken);
            if (marked > 0) logger.LogInformation("Due index backfill: marked the work of {Count} campaigns", marked);
            var retained = await retention.RunOnceAsync(stoppingToken);
            if (retained > 0) logger.LogInformation("Due index backfill: marked the retention of {Count} campaigns", retained);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "The due index backfill failed; the next instance start tries again");
        }
    }
}
