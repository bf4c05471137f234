using System.Threading.RateLimiting;

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
/// Per-entrant and per-address limits, kept in memory: one token bucket per key in the BCL's partitioned limiter.
/// A bucket holds a window's worth of requests and refills at that many per window, so a burst of a full window
/// passes and a steady caller gets the same rate as a fixed window. A request costs one lookup of its key however
/// many keys are held: the partitioned limiter refills the buckets and drops idle ones (full for 10 s) on its own
/// timer, never on a request. Each instance counts its own traffic (docs/SCALE.md, "Rate limits").
/// The BCL's partitioned limiter looks a key up under one lock, which its timer also holds while it copies every key
/// (every 100 ms): keys are therefore spread over <see cref="Stripes"/> limiters by hash, so that requests for
/// different keys rarely wait on one lock and each timer tick holds a lock over a sixteenth of the keys.
/// </summary>
public sealed class RateLimiter : IDisposable
{
    /// <summary>The partitioned limiter's timer ticks every 100 ms; a bucket cannot refill more often than it runs.</summary>
    internal static readonly TimeSpan ShortestRefill = TimeSpan.FromMilliseconds(100);

    /// <summary>How many partitioned limiters share the keys (a power of two).</summary>
    internal const int Stripes = 16;

    private readonly PartitionedRateLimiter<Key>[] _stripes;

    public RateLimiter(RateLimitOptions options)
    {
        var perAddress = Bucket(options.PerIp, options.Window);
        var perEntrant = Bucket(options.PerEntrant, options.Window);
        Func<Key, TokenBucketRateLimiterOptions> bucketFor = key => key.Scope == Scope.Address ? perAddress : perEntrant;
        _stripes = Enumerable.Range(0, Stripes)
            .Select(_ => PartitionedRateLimiter.Create<Key, Key>(key => RateLimitPartition.GetTokenBucketLimiter(key, bucketFor)))
            .ToArray();
    }

    /// <summary>Counts one request against each key; the first limit exceeded throws a 429 problem with the time to wait.</summary>
    public void Acquire(string? ip, string? entrantId)
    {
        if (ip is not null) Take(new Key(Scope.Address, ip));
        if (entrantId is not null) Take(new Key(Scope.Entrant, entrantId));
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes) stripe.Dispose();
    }

    private void Take(Key key)
    {
        // One key always lands on the same stripe, so its bucket is the only one that counts it.
        using var lease = _stripes[key.GetHashCode() & (Stripes - 1)].AttemptAcquire(key);
        if (lease.IsAcquired) return;
        // The bucket says when enough tokens will be back; without that, a full refill is the longest wait.
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        throw new ProblemException(EntryProblems.RateLimited(retryAfter, key.Scope == Scope.Address ? "per-address" : "per-person"));
    }

    /// <summary>
    /// A bucket of <paramref name="limit"/> tokens refilled at <paramref name="limit"/> per <paramref name="window"/>:
    /// one token at a time where that is no faster than the limiter's timer, else as many per tick as the rate asks.
    /// </summary>
    internal static TokenBucketRateLimiterOptions Bucket(int limit, TimeSpan window)
    {
        limit = Math.Max(1, limit);
        var perToken = window / limit;
        var tokensPerRefill = perToken >= ShortestRefill ? 1 : (int)Math.Ceiling(limit * (ShortestRefill / window));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = tokensPerRefill,
            ReplenishmentPeriod = window * tokensPerRefill / limit,
            QueueLimit = 0,
            // The partitioned limiter's own timer refills every bucket; a timer per key would not scale.
            AutoReplenishment = false,
        };
    }

    private enum Scope : byte { Address, Entrant }

    /// <summary>The key of one bucket: a struct, so a request allocates no key string.</summary>
    private readonly record struct Key(Scope Scope, string Id);
}
