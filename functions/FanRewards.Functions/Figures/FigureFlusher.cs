using FanRewards.Core.Figures;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Figures;

/// <summary>
/// Writes this instance's tally of figures (and the fraud review's tally of signals) every few seconds, and once more when the instance stops. A timer trigger
/// would not do: the Functions host runs a timer on one instance only, and every instance has its own tally.
/// </summary>
public sealed class FigureFlusher(EntryFigures figures, Core.Fraud.SignalTally signals, FigureOptions options, TimeProvider clock, ILogger<FigureFlusher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: the last flush runs in StopAsync
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await figures.FlushAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Writing the entry figures failed; they are kept for the next flush");
        }
        try
        {
            await signals.FlushAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Writing the fraud review's signal tally failed; it is kept for the next flush");
        }
    }
}
