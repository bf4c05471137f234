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
/// Per-entrant and per-address limits, kept in memory: one token bucket per key. A bucket holds a window's worth of
/// requests and refills continuously at that many per window, so a burst of a full window passes and a steady caller
/// gets the same rate as a fixed window. A bucket is refilled lazily, by the request that uses it, from the time since
/// its last request: a request costs one lookup and one bucket whatever else is held. Once per window a sweep, queued
/// by a request and run off it, drops the buckets that are full again, so memory follows the callers of the last one
/// or two windows and the sweep visits each held key once: about one visit per request.
/// The BCL's partitioned limiter (used until session 9) refills and checks every bucket it holds on its own 100 ms
/// timer: with a new entrant at every request, ~10 windows' worth of keys visited ten times a second, about a hundred
/// bucket visits per request, a tenth of the DevHost's CPU in the load driver's like phase (bench/README.md).
/// Each instance counts its own traffic (docs/SCALE.md, "Rate limits").
/// </summary>
public sealed class RateLimiter(RateLimitOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Key, Bucket> _buckets = new();
    private readonly Shape _perAddress = Shape.Of(options.PerIp, options.Window);
    private readonly Shape _perEntrant = Shape.Of(options.PerEntrant, options.Window);
    private long _nextSweepTicks = clock.GetUtcNow().UtcTicks + options.Window.Ticks;
    private int _sweeping;

    /// <summary>How many keys have a bucket now (a test's window on the sweep; counting takes every lock).</summary>
    internal int Held => _buckets.Count;

    /// <summary>Counts one request against each key; the first limit exceeded throws a 429 problem with the time to wait.</summary>
    public void Acquire(string? ip, string? entrantId)
    {
        var now = clock.GetUtcNow().UtcTicks;
        SweepWhenDue(now);
        if (ip is not null) Take(new Key(Scope.Address, ip), _perAddress, now);
        if (entrantId is not null) Take(new Key(Scope.Entrant, entrantId), _perEntrant, now);
    }

    /// <summary>Drops every bucket that is full again: its key has had no request for as long as a refill takes.</summary>
    internal void Sweep()
    {
        try
        {
            var now = clock.GetUtcNow().UtcTicks;
            foreach (var held in _buckets)
            {
                // Removed only if the key still maps to this bucket; a request that still holds it sees it retired
                // and takes a fresh one, so no request is counted on a bucket nobody will read again.
                if (held.Value.RetireIfFull(now)) _buckets.TryRemove(held);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void SweepWhenDue(long now)
    {
        var next = Volatile.Read(ref _nextSweepTicks);
        // A clock stepped back by more than a window would hold the sweep off for as long: it is due then too.
        if ((now < next && next - now <= options.Window.Ticks) || Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0) return;
        Volatile.Write(ref _nextSweepTicks, now + options.Window.Ticks);
        ThreadPool.UnsafeQueueUserWorkItem(static limiter => limiter.Sweep(), this, preferLocal: false);
    }

    private void Take(Key key, Shape shape, long now)
    {
        while (true)
        {
            var bucket = _buckets.GetOrAdd(key, static (_, start) => new Bucket(start.Shape, start.Now), (Shape: shape, Now: now));
            var wait = bucket.TryTake(now);
            if (wait == TimeSpan.Zero) return;
            // Retired by the sweep, which removes it next: removed here too (only if still this bucket), so this
            // request does not spin on it meanwhile.
            if (wait == Bucket.Retired)
            {
                _buckets.TryRemove(KeyValuePair.Create(key, bucket));
                continue;
            }
            throw new ProblemException(EntryProblems.RateLimited(wait, key.Scope == Scope.Address ? "per-address" : "per-person"));
        }
    }

    /// <summary>A bucket's size and how long one token takes to come back.</summary>
    private sealed record Shape(double Limit, double TicksPerToken)
    {
        public static Shape Of(int limit, TimeSpan window)
        {
            limit = Math.Max(1, limit);
            return new Shape(limit, (double)window.Ticks / limit);
        }
    }

    private sealed class Bucket(Shape shape, long createdAt)
    {
        /// <summary>What <see cref="TryTake"/> answers for a bucket the sweep has dropped: look the key up again.</summary>
        public static readonly TimeSpan Retired = TimeSpan.MinValue;

        private readonly Lock _gate = new();
        private double _tokens = shape.Limit;
        private long _refilledAt = createdAt;
        private bool _retired;

        /// <summary>Zero when a token was taken; else how long until one is back (or <see cref="Retired"/>).</summary>
        public TimeSpan TryTake(long now)
        {
            lock (_gate)
            {
                if (_retired) return Retired;
                Refill(now);
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return TimeSpan.Zero;
                }
                return TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling((1 - _tokens) * shape.TicksPerToken)));
            }
        }

        public bool RetireIfFull(long now)
        {
            lock (_gate)
            {
                Refill(now);
                _retired |= _tokens >= shape.Limit;
                return _retired;
            }
        }

        private void Refill(long now)
        {
            // A clock that steps back refills nothing and takes nothing away; the bucket refills from the new time on,
            // rather than waiting for the clock to come back to where it was.
            if (now <= _refilledAt)
            {
                _refilledAt = now;
                return;
            }
            _tokens = Math.Min(shape.Limit, _tokens + (now - _refilledAt) / shape.TicksPerToken);
            _refilledAt = now;
        }
    }

    private enum Scope : byte { Address, Entrant }

    /// <summary>The key of one bucket: a struct, so a request allocates no key string.</summary>
    private readonly record struct Key(Scope Scope, string Id);
}
