using FanRewards.DevHost.Discovery;
using FanRewards.DevHost.Invocation;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Timers;

/// <summary>
/// Fires every timer-triggered function on its schedule, in UTC unless <c>WEBSITE_TIME_ZONE</c> names a zone,
/// as the host does. A function's next occurrence is reckoned when its run ends, so a run never overlaps
/// the previous one.
/// </summary>
internal sealed partial class TimerFunctionScheduler(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<TimerFunctionScheduler> logger) : BackgroundService
{
    /// <summary>A run that starts later than this after its occurrence is flagged past due.</summary>
    private static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);

    private readonly TimeZoneInfo _zone = configuration["WEBSITE_TIME_ZONE"] is { Length: > 0 } zone
        ? TimeZoneInfo.FindSystemTimeZoneById(zone)
        : TimeZoneInfo.Utc;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.TimerFunctions.Select(function => RunScheduleAsync(function, stoppingToken)));

    private async Task RunScheduleAsync(TimerFunction function, CancellationToken stopping)
    {
        LogScheduled(function.Name, function.Expression, _zone.Id, NextOccurrence(function, time.GetUtcNow()));
        DateTimeOffset? last = null;
        if (function.RunOnStartup)
        {
            last = time.GetUtcNow();
            await FireAsync(function, last.Value, previous: null, stopping);
        }

        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                // Reckoned from the last occurrence too, in case the timer woke a hair before it.
                var next = NextOccurrence(function, last > now ? last.Value : now);
                await Task.Delay(next - now, time, stopping);
                await FireAsync(function, next, last, stopping);
                last = next;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task FireAsync(
        TimerFunction function, DateTimeOffset occurrence, DateTimeOffset? previous, CancellationToken stopping)
    {
        var now = time.GetUtcNow();
        var timer = new TimerInfo
        {
            IsPastDue = now - occurrence > PastDueTolerance,
            ScheduleStatus = new ScheduleStatus
            {
                Last = previous is { } last ? InZone(last) : default,
                // Reckoned from the occurrence, not from the start of the run, so a run that starts late still
                // reports the schedule it belongs to.
                Next = InZone(NextOccurrence(function, occurrence)),
                LastUpdated = InZone(now),
            },
        };
        try
        {
            await invoker.InvokeAsync(function.Function, timer, stopping);
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            // The invoker has logged it; like the host, a failed run does not stop the schedule.
        }
    }

    private DateTimeOffset NextOccurrence(TimerFunction function, DateTimeOffset after)
    {
        var next = function.Schedule.GetNextOccurrence(InZone(after));
        // A local time that a daylight-saving change skips does not happen: take the next one that does.
        while (_zone.IsInvalidTime(next))
        {
            next = function.Schedule.GetNextOccurrence(next);
        }

        return new DateTimeOffset(next, _zone.GetUtcOffset(next));
    }

    private DateTime InZone(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).DateTime;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Function '{FunctionName}' runs on '{Schedule}' ({TimeZone}); next at {Next:O}")]
    private partial void LogScheduled(string functionName, string schedule, string timeZone, DateTimeOffset next);
}
