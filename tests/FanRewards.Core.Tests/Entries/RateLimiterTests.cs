using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

public class RateLimiterTests
{
    // 3 s into a 10 s window (windows are aligned to multiples of the window length since 0001-01-01).
    private readonly ManualClock _clock = new(new DateTimeOffset(2027, 2, 20, 12, 0, 3, TimeSpan.Zero));
    private static readonly RateLimitOptions Small = new() { Window = TimeSpan.FromSeconds(10), PerEntrant = 3, PerIp = 5 };

    private static Problem Rejected(Action action) => Assert.Throws<ProblemException>(action).Problem;

    [Fact]
    public void An_entrant_over_the_limit_gets_429_with_the_seconds_left_in_the_window()
    {
        var limiter = new RateLimiter(_clock, Small);
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "e1");

        var problem = Rejected(() => limiter.Acquire(null, "e1"));

        Assert.Equal(429, problem.Status);
        Assert.Equal(Problem.TypePrefix + "rate-limited", problem.Type);
        var retryAfter = Assert.IsType<int>(problem.Extensions!["retryAfterSeconds"]);
        Assert.True(retryAfter > 0);
        Assert.Equal(7, retryAfter);
        Assert.Contains("per-person", problem.Detail);
    }

    [Fact]
    public void Retry_after_is_positive_even_at_the_very_end_of_a_window()
    {
        _clock.Now = new DateTimeOffset(2027, 2, 20, 12, 0, 9, TimeSpan.Zero).AddTicks(9_999_999);
        var limiter = new RateLimiter(_clock, Small);
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "e1");

        var problem = Rejected(() => limiter.Acquire(null, "e1"));

        Assert.Equal(1, problem.Extensions!["retryAfterSeconds"]);
    }

    [Fact]
    public void The_limit_resets_in_the_next_window()
    {
        var limiter = new RateLimiter(_clock, Small);
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "e1");
        Rejected(() => limiter.Acquire(null, "e1"));

        _clock.Advance(TimeSpan.FromSeconds(7)); // exactly the start of the next window
        for (var i = 0; i < 3; i++) limiter.Acquire(null, "e1");
        Rejected(() => limiter.Acquire(null, "e1"));
    }

    [Fact]
    public void Within_the_same_window_the_limit_holds_however_time_moves()
    {
        var limiter = new RateLimiter(_clock, Small);
        limiter.Acquire(null, "e1");
        _clock.Advance(TimeSpan.FromSeconds(3));
        limiter.Acquire(null, "e1");
        _clock.Advance(TimeSpan.FromSeconds(3.9));
        limiter.Acquire(null, "e1");

        Assert.Equal(1, Rejected(() => limiter.Acquire(null, "e1")).Extensions!["retryAfterSeconds"]);
    }

    [Fact]
    public void One_entrants_limit_does_not_affect_another_entrant()
    {
        var limiter = new RateLimiter(_clock, Small with { PerIp = 1000 });
        for (var i = 0; i < 3; i++) limiter.Acquire("10.0.0.1", "e1");
        Rejected(() => limiter.Acquire("10.0.0.1", "e1"));

        for (var i = 0; i < 3; i++) limiter.Acquire("10.0.0.1", "e2");
    }

    [Fact]
    public void The_entrant_limit_follows_the_person_across_addresses()
    {
        var limiter = new RateLimiter(_clock, Small with { PerIp = 1000 });
        limiter.Acquire("10.0.0.1", "e1");
        limiter.Acquire("10.0.0.2", "e1");
        limiter.Acquire("10.0.0.3", "e1");

        Assert.Contains("per-person", Rejected(() => limiter.Acquire("10.0.0.4", "e1")).Detail);
    }

    [Fact]
    public void The_ip_limit_counts_requests_from_an_address_whoever_makes_them()
    {
        var limiter = new RateLimiter(_clock, Small);
        for (var i = 0; i < 5; i++) limiter.Acquire("10.0.0.1", $"e{i}");

        var problem = Rejected(() => limiter.Acquire("10.0.0.1", "fresh-entrant"));

        Assert.Equal(429, problem.Status);
        Assert.Contains("per-address", problem.Detail);
        Assert.True((int)problem.Extensions!["retryAfterSeconds"]! > 0);
        // Another address and a fresh entrant are unaffected.
        limiter.Acquire("10.0.0.2", "fresh-entrant");
        // Anonymous traffic from the address is limited too.
        Rejected(() => limiter.Acquire("10.0.0.1", null));
    }

    [Fact]
    public void Hundreds_of_workers_behind_one_factory_address_all_get_through_under_the_default_limits()
    {
        var limiter = new RateLimiter(_clock, new RateLimitOptions());
        for (var worker = 0; worker < 600; worker++)
            for (var tap = 0; tap < 3; tap++)
                limiter.Acquire("203.0.113.7", $"worker-{worker}");
    }

    [Fact]
    public void The_default_ip_limit_is_still_a_limit()
    {
        var limiter = new RateLimiter(_clock, new RateLimitOptions());
        for (var i = 0; i < 2000; i++) limiter.Acquire("203.0.113.7", $"w{i}");
        Assert.Equal(429, Rejected(() => limiter.Acquire("203.0.113.7", "w-next")).Status);
    }
}
