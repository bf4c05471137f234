using System.Collections.Concurrent;

namespace FanRewards.Core.Entries;

public sealed record RateLimitOptions
{
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Requests one entrant may make per window: far above what a person tapping a phone does.</summary>
    public int PerEntrant { get; init; } = 20;
    /// <summary>
    /// Requests one IP may make per window. An IP is a signal, not a verdict: a factory's workers share one NAT
    /// address, and hundreds of them answering at 20:00 must all get through.
    /// </summary>
    public int PerIp { get; init; } = 2000;
}

/// <summary>
/// Fixed-window counters per key, kept in memory: cheap enough for the hot path. Each instance counts its own
/// traffic, so across a scaled-out app the effective limit is the per-instance limit times the instances; that is
/// acceptable for abuse protection, which is about orders of magnitude.
/// </summary>
public sealed class RateLimiter(TimeProvider clock, RateLimitOptions options)
{
    private const int SweepThreshold = 100_000;
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Counts one request against each key; the first limit exceeded throws a 429 problem with the time to wait.</summary>
    public void Acquire(string? ip, string? entrantId)
    {
        var now = clock.GetUtcNow();
        if (ip is not null) Count("ip:" + ip, options.PerIp, "per-address", now);
        if (entrantId is not null) Count("entrant:" + entrantId, options.PerEntrant, "per-person", now);
        if (_counters.Count > SweepThreshold) Sweep(now);
    }

    private void Count(string key, int limit, string scope, DateTimeOffset now)
    {
        var windowStart = new DateTimeOffset(now.UtcTicks - now.UtcTicks % options.Window.Ticks, TimeSpan.Zero);
        var counter = _counters.AddOrUpdate(key, _ => new Counter(windowStart),
            (_, existing) => existing.WindowStart == windowStart ? existing : new Counter(windowStart));
        if (Interlocked.Increment(ref counter.Count) > limit)
            throw new ProblemException(EntryProblems.RateLimited(windowStart + options.Window - now, scope));
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, counter) in _counters)
            if (counter.WindowStart + options.Window <= now) _counters.TryRemove(key, out _);
    }

    private sealed class Counter(DateTimeOffset windowStart)
    {
        public readonly DateTimeOffset WindowStart = windowStart;
        public int Count;
    }
}
