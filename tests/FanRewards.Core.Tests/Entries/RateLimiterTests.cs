using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

/// <summary>
/// The limiter runs on real time (the BCL's limiters read the system's tick count), so these tests only rely on
/// what happens within a fraction of a refill, and poll with a deadline for a refill.
/// </summary>
public class RateLimiterTests
{
    // 3 per 10 s: one token back every 3.3 s, far longer than any of these tests takes between two requests.
    private static readonly RateLimitOptions Small = new() { Window = TimeSpan.FromSeconds(10), PerEntrant = 3, PerIp = 5 };

    private static Problem Rejected(Action action) => Assert.Throws<ProblemException>(action).Problem;

    [Fact]
    public void An_entrant_over_the_limit_gets_429_with_the_seconds_until_a_request_is_let_through_again()
    {
        using var limiter = new RateLimiter(Small);
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "e1");

        var problem = Rejected(() => limiter.Acquire(null, "e1"));

        Assert.Equal(429, problem.Status);
        Assert.Equal(Problem.TypePrefix + "rate-limited", problem.Type);
        // One token comes back every 10 s / 3 = 3.3 s: the caller is told to wait 4 s, not the whole window.
        Assert.Equal(4, problem.Extensions!["retryAfterSeconds"]);
        Assert.Contains("per-person", problem.Detail);
    }

    [Fact]
    public void Under_the_default_limits_the_wait_is_one_second()
    {
        using var limiter = new RateLimiter(new RateLimitOptions());
        for (var i = 0; i < 20; i++) limiter.Acquire(null, "e1");

        // 20 per 10 s: a token every 0.5 s, rounded up to whole seconds for Retry-After.
        Assert.Equal(1, Rejected(() => limiter.Acquire(null, "e1")).Extensions!["retryAfterSeconds"]);
    }

    [Fact]
    public async Task The_limit_lets_requests_through_again_as_the_bucket_refills()
    {
        // 3 per 300 ms: a token every 100 ms.
        using var limiter = new RateLimiter(Small with { Window = TimeSpan.FromMilliseconds(300) });
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "e1");
        Rejected(() => limiter.Acquire(null, "e1"));

        // Polled with a deadline (the refill comes from the limiter's own timer).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try { limiter.Acquire(null, "e1"); break; }
            catch (ProblemException) when (DateTime.UtcNow < deadline) { await Task.Delay(20); }
        }
    }

    [Fact]
    public void Keys_spread_over_the_stripes_each_keep_their_own_whole_limit()
    {
        // Enough keys to land on every stripe many times: each must be counted on one bucket only, always the same.
        using var limiter = new RateLimiter(Small);
        var entrants = Enumerable.Range(0, 40 * RateLimiter.Stripes).Select(i => $"e{i}").ToList();
        foreach (var entrant in entrants)
        {
            for (var i = 0; i < 3; i++) limiter.Acquire(null, entrant);
        }

        Assert.All(entrants, entrant => Assert.Equal(429, Rejected(() => limiter.Acquire(null, entrant)).Status));
    }

    [Fact]
    public void One_entrants_limit_does_not_affect_another_entrant()
    {
        using var limiter = new RateLimiter(Small with { PerIp = 1000 });
        for (var i = 0; i < 3; i++) limiter.Acquire("10.0.0.1", "e1");
        Rejected(() => limiter.Acquire("10.0.0.1", "e1"));

        for (var i = 0; i < 3; i++) limiter.Acquire("10.0.0.1", "e2");
    }

    [Fact]
    public void The_entrant_limit_follows_the_person_across_addresses()
    {
        using var limiter = new RateLimiter(Small with { PerIp = 1000 });
        limiter.Acquire("10.0.0.1", "e1");
        limiter.Acquire("10.0.0.2", "e1");
        limiter.Acquire("10.0.0.3", "e1");

        Assert.Contains("per-person", Rejected(() => limiter.Acquire("10.0.0.4", "e1")).Detail);
    }

    [Fact]
    public void The_ip_limit_counts_requests_from_an_address_whoever_makes_them()
    {
        using var limiter = new RateLimiter(Small);
        for (var i = 0; i < 5; i++) limiter.Acquire("10.0.0.1", $"e{i}");

        var problem = Rejected(() => limiter.Acquire("10.0.0.1", "fresh-entrant"));

        Assert.Equal(429, problem.Status);
        Assert.Contains("per-address", problem.Detail);
        Assert.Equal(2, problem.Extensions!["retryAfterSeconds"]); // 10 s / 5
        // Another address and a fresh entrant are unaffected.
        limiter.Acquire("10.0.0.2", "fresh-entrant");
        // Anonymous traffic from the address is limited too.
        Rejected(() => limiter.Acquire("10.0.0.1", null));
    }

    [Fact]
    public void An_address_and_an_entrant_with_the_same_name_are_different_keys()
    {
        using var limiter = new RateLimiter(Small);
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "10.0.0.1");

        for (var i = 0; i < 5; i++) limiter.Acquire("10.0.0.1", null);
    }

    [Fact]
    public void Hundreds_of_workers_behind_one_factory_address_all_get_through_under_the_default_limits()
    {
        using var limiter = new RateLimiter(new RateLimitOptions());
        for (var worker = 0; worker < 600; worker++)
        {
            for (var tap = 0; tap < 3; tap++)
                limiter.Acquire("203.0.113.7", $"worker-{worker}");
        }
    }

    [Fact]
    public void The_default_ip_limit_is_still_a_limit()
    {
        using var limiter = new RateLimiter(new RateLimitOptions());
        for (var i = 0; i < 2000; i++) limiter.Acquire("203.0.113.7", $"w{i}");

        // The bucket refills 20 every 100 ms; a hundred more requests take far less than that to make.
        var rejected = 0;
        for (var i = 0; i < 100; i++)
        {
            try { limiter.Acquire("203.0.113.7", $"w-next-{i}"); }
            catch (ProblemException e) when (e.Problem.Status == 429) { rejected++; }
        }
        Assert.True(rejected > 0);
    }

    [Fact]
    public void A_request_costs_the_same_with_200000_entrants_held_as_with_a_thousand()
    {
        // Work, not time: the old limiter swept its whole map on every request past 100,000 keys. The BCL's
        // partitioned limiter looks the key up and refills and drops buckets on its own timer, on another thread,
        // so what a request allocates on its own thread is the measure of what it does.
        using var limiter = new RateLimiter(new RateLimitOptions());
        var regulars = Enumerable.Range(0, 1000).Select(i => $"regular-{i}").ToArray();
        void Everyone() { foreach (var regular in regulars) limiter.Acquire(null, regular); }
        Everyone();

        var withAThousand = AllocatedBy(Everyone);
        for (var i = 0; i < 200_000; i++) limiter.Acquire(null, $"crowd-{i}");
        var with201Thousand = AllocatedBy(Everyone);

        Assert.InRange(with201Thousand, 0, withAThousand + 1024);
        // Still limiting: one of the crowd is stopped within a bucket's worth of requests.
        Assert.Contains(Enumerable.Range(0, 21), _ =>
        {
            try { limiter.Acquire(null, "crowd-123456"); return false; }
            catch (ProblemException) { return true; }
        });
    }

    [Theory]
    [InlineData(20, 10_000, 1, 500)] // the default per entrant: a token every 0.5 s
    [InlineData(3, 10_000, 1, 3_333)]
    [InlineData(2000, 10_000, 20, 100)] // the default per address: faster than the timer, so 20 per tick
    [InlineData(1_000_000_000, 10_000, 10_000_000, 100)] // the load driver's "no limit"
    public void A_bucket_refills_a_windows_worth_per_window(int limit, int windowMs, int tokensPerRefill, int refillMs)
    {
        var bucket = RateLimiter.Bucket(limit, TimeSpan.FromMilliseconds(windowMs));

        Assert.Equal(limit, bucket.TokenLimit);
        Assert.Equal(tokensPerRefill, bucket.TokensPerPeriod);
        Assert.Equal(refillMs, (int)bucket.ReplenishmentPeriod.TotalMilliseconds);
        Assert.False(bucket.AutoReplenishment);
        Assert.Equal(0, bucket.QueueLimit);
    }

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
