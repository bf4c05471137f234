using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace FanRewards.LoadDriver;

/// <summary>
/// Readers of public pages, each a browser: it fetches the pages in turn, once per interval, and sends back the ETag it
/// was last given (If-None-Match), as a page refresh does.
/// </summary>
internal static class ReaderSwarm
{
    /// <param name="CpuPerPage">This process's CPU per page served while only the readers ran.</param>
    public sealed record Alone(long Pages, long NotModified, double Seconds, TimeSpan CpuPerPage);

    public static Task[] Start(HttpClient http, string[] paths, int readers, TimeSpan interval, ConcurrentDictionary<string, long> outcomes,
        CancellationToken stop) =>
        Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            var etags = new EntityTagHeaderValue?[paths.Length];
            var turn = r;
            while (!stop.IsCancellationRequested)
            {
                var index = turn++ % paths.Length;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, paths[index]);
                    if (etags[index] is { } tag) request.Headers.IfNoneMatch.Add(tag);
                    using var response = await http.SendAsync(request, stop);
                    etags[index] = response.Headers.ETag ?? etags[index];
                    outcomes.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    await Task.Delay(interval, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (HttpRequestException)
                {
                    outcomes.AddOrUpdate("failed", 1, (_, n) => n + 1);
                }
            }
        })).ToArray();

    /// <summary>The readers with nothing else running: after the warm-up, pages served and this process's CPU for them.</summary>
    public static async Task<Alone> MeasureAloneAsync(HttpClient http, string[] paths, int readers, TimeSpan interval, TimeSpan warmup,
        TimeSpan duration)
    {
        var outcomes = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var tasks = Start(http, paths, readers, interval, outcomes, stop.Token);
        await Task.Delay(warmup);
        var (before, cpuBefore, clock) = (Served(outcomes), Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.StartNew());
        var notModifiedBefore = outcomes.GetValueOrDefault("304");
        await Task.Delay(duration);
        var (pages, cpu, seconds) = (Served(outcomes) - before, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, clock.Elapsed.TotalSeconds);
        var notModified = outcomes.GetValueOrDefault("304") - notModifiedBefore;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        Console.WriteLine($"  readers alone: {pages} pages, {notModified} of them 304");
        return new Alone(pages, notModified, seconds, cpu / Math.Max(1, pages));
    }

    private static long Served(ConcurrentDictionary<string, long> outcomes) => outcomes.GetValueOrDefault("200") + outcomes.GetValueOrDefault("304");
}
