using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

/// <summary>The limiter reads the injected clock, so these tests move time by hand: nothing refills unless they do.</summary>
public class RateLimiterTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2027, 2, 12, 20, 0, 0, TimeSpan.Zero));

    // 3 per 10 s: one token back every 3.3 s, far longer than any of these tests takes between two requests.
    private static readonly RateLimitOptions Small = new() { Window = TimeSpan.FromSeconds(10), PerEntrant = 3, PerIp = 5 };

    private static Problem Rejected(Action action) => Assert.Throws<ProblemException>(action).Problem;

    [Fact]
    public void An_entrant_over_the_limit_gets_429_with_the_seconds_until_a_request_is_let_through_again()
    {
        var limiter = New(Small);
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
        var limiter = New(new RateLimitOptions());
        for (var i = 0; i < 20; i++) limiter.Acquire(null, "e1");

        // 20 per 10 s: a token every 0.5 s, rounded up to whole seconds for Retry-After.
        Assert.Equal(1, Rejected(() => limiter.Acquire(null, "e1")).Extensions!["retryAfterSeconds"]);
    }

    [Fact]
    public void The_limit_lets_requests_through_again_as_the_bucket_refills()
    {
        // 3 per 300 ms: a token every 100 ms.
        var limiter = New(Small with { Window = TimeSpan.FromMilliseconds(300) });
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "e1");
        Rejected(() => limiter.Acquire(null, "e1"));

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Rejected(() => limiter.Acquire(null, "e1"));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        limiter.Acquire(null, "e1");
        Rejected(() => limiter.Acquire(null, "e1"));

        // A long pause refills a window's worth, never more.
        _clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "e1");
        Rejected(() => limiter.Acquire(null, "e1"));
    }

    [Fact]
    public void A_clock_that_steps_back_refills_nothing_and_takes_nothing_away()
    {
        var limiter = New(Small);
        limiter.Acquire(null, "e1");
        _clock.Advance(TimeSpan.FromSeconds(-30));
        limiter.Acquire(null, "e1");
        limiter.Acquire(null, "e1");

        Rejected(() => limiter.Acquire(null, "e1"));
        // It refills from the new time on (a token every 3.3 s), not once the clock is back where it was.
        _clock.Advance(TimeSpan.FromSeconds(3.4));
        limiter.Acquire(null, "e1");
    }

    [Fact]
    public void Many_keys_each_keep_their_own_whole_limit()
    {
        var limiter = New(Small);
        var entrants = Enumerable.Range(0, 640).Select(i => $"e{i}").ToList();
        foreach (var entrant in entrants)
        {
            for (var i = 0; i < 3; i++) limiter.Acquire(null, entrant);
        }

        Assert.All(entrants, entrant => Assert.Equal(429, Rejected(() => limiter.Acquire(null, entrant)).Status));
    }

    [Fact]
    public void One_entrants_limit_does_not_affect_another_entrant()
    {
        var limiter = New(Small with { PerIp = 1000 });
        for (var i = 0; i < 3; i++) limiter.Acquire("10.0.0.1", "e1");
        Rejected(() => limiter.Acquire("10.0.0.1", "e1"));

        for (var i = 0; i < 3; i++) limiter.Acquire("10.0.0.1", "e2");
    }

    [Fact]
    public void The_entrant_limit_follows_the_person_across_addresses()
    {
        var limiter = New(Small with { PerIp = 1000 });
        limiter.Acquire("10.0.0.1", "e1");
        limiter.Acquire("10.0.0.2", "e1");
        limiter.Acquire("10.0.0.3", "e1");

        Assert.Contains("per-person", Rejected(() => limiter.Acquire("10.0.0.4", "e1")).Detail);
    }

    [Fact]
    public void The_ip_limit_counts_requests_from_an_address_whoever_makes_them()
    {
        var limiter = New(Small);
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
        var limiter = New(Small);
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "10.0.0.1");

        for (var i = 0; i < 5; i++) limiter.Acquire("10.0.0.1", null);
    }

    [Fact]
    public void Hundreds_of_workers_behind_one_factory_address_all_get_through_under_the_default_limits()
    {
        var limiter = New(new RateLimitOptions());
        for (var worker = 0; worker < 600; worker++)
        {
            for (var tap = 0; tap < 3; tap++)
                limiter.Acquire("203.0.113.7", $"worker-{worker}");
        }
    }

    [Fact]
    public void The_default_ip_limit_is_still_a_limit()
    {
        var limiter = New(new RateLimitOptions());
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
        // Work, not time: a request looks its key up and refills that one bucket. What it allocates on its own
        // thread is the measure of what it does (a request that swept or copied the map would allocate with it).
        var limiter = New(new RateLimitOptions());
        var regulars = Enumerable.Range(0, 1000).Select(i => $"regular-{i}").ToArray();
        void Everyone() { foreach (var regular in regulars) limiter.Acquire(null, regular); }
        Everyone();

        var withAThousand = AllocatedBy(Everyone);
        for (var i = 0; i < 200_000; i++) limiter.Acquire(null, $"crowd-{i}");
        var with201Thousand = AllocatedBy(Everyone);

        Assert.Equal(201_000, limiter.Held);
        Assert.InRange(with201Thousand, 0, withAThousand + 1024);
        // Still limiting: one of the crowd is stopped within a bucket's worth of requests.
        Assert.Contains(Enumerable.Range(0, 21), _ =>
        {
            try { limiter.Acquire(null, "crowd-123456"); return false; }
            catch (ProblemException) { return true; }
        });
    }

    [Fact]
    public async Task Once_a_window_a_request_queues_a_sweep_that_drops_the_buckets_full_again()
    {
        var limiter = New(Small);
        for (var i = 0; i < 200; i++) limiter.Acquire(null, $"one-time-{i}");
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "regular");
        Assert.Equal(201, limiter.Held);

        // Within the window nothing is swept, however many requests come.
        _clock.Advance(TimeSpan.FromSeconds(9));
        limiter.Acquire(null, "regular");
        Assert.Equal(201, limiter.Held);

        // Past it, the next request queues the sweep. By then the one-time callers' buckets are full again (nobody
        // used them for 10 s) and go; the regular one, still short of tokens, stays and still counts.
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        limiter.Acquire(null, "regular");
        await Poll.UntilAsync(() => limiter.Held == 1, TimeSpan.FromSeconds(10), "the sweep to drop the full buckets");
        // 1.15 tokens left (3 per 10 s, 5 taken in 10.5 s): one more, then refused, as its kept bucket says.
        limiter.Acquire(null, "regular");
        Rejected(() => limiter.Acquire(null, "regular"));

        // A dropped key starts again with a full bucket: nothing about it was lost that a full bucket would not allow.
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "one-time-7");
        Rejected(() => limiter.Acquire(null, "one-time-7"));
    }

    [Fact]
    public async Task A_sweep_racing_requests_never_lets_a_key_past_its_limit()
    {
        // The sweep drops only buckets that are full; a request holding a bucket the sweep just dropped takes a
        // fresh one. Either way each key is counted on one bucket: 3 allowed, then refused, however they interleave.
        var limiter = New(Small);
        var keys = Enumerable.Range(0, 2000).Select(i => $"k{i}").ToArray();
        var allowed = new int[keys.Length];
        var done = false;
        var sweeping = Task.Run(() =>
        {
            while (!Volatile.Read(ref done)) limiter.Sweep();
        });
        Parallel.For(0, keys.Length * 5, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            try
            {
                limiter.Acquire(null, keys[n % keys.Length]);
                Interlocked.Increment(ref allowed[n % keys.Length]);
            }
            catch (ProblemException) { }
        });
        Volatile.Write(ref done, true);
        await sweeping;

        Assert.All(allowed, count => Assert.Equal(3, count));
    }

    [Theory]
    [InlineData(20, 500)] // the default per entrant: a token every 0.5 s
    [InlineData(3, 3_334)]
    [InlineData(2000, 5)] // the default per address
    public void After_the_last_token_the_wait_is_one_tokens_refill(int limit, int waitMs)
    {
        var limiter = New(new RateLimitOptions { PerEntrant = limit });
        for (var i = 0; i < limit; i++) limiter.Acquire(null, "e1");

        var problem = Rejected(() => limiter.Acquire(null, "e1"));

        // Retry-After is whole seconds, rounded up; the wait itself is one token's share of the window.
        Assert.Equal((int)Math.Ceiling(waitMs / 1000.0), problem.Extensions!["retryAfterSeconds"]);
        _clock.Advance(TimeSpan.FromMilliseconds(waitMs - 1));
        Rejected(() => limiter.Acquire(null, "e1"));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        limiter.Acquire(null, "e1");
    }

    private RateLimiter New(RateLimitOptions options) => new(options, _clock);

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
