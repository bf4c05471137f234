using FanRewards.Core.Draws;

namespace FanRewards.Core.Tests.Draws;

public sealed class StepLeaseTests
{
    private static readonly DateTimeOffset Now = new(2027, 2, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Pickup = TimeSpan.FromMinutes(5);
    private static readonly StepLease Shard = new() { CampaignId = "c", DrawId = "d", Bucket = 3 };

    [Fact]
    public void A_step_never_sent_needs_sending() => Assert.True(Shard.NeedsSendingAt(Now, Pickup));

    [Fact]
    public void A_step_whose_worker_renewed_recently_is_left_alone_however_long_ago_it_started()
    {
        var alive = Shard with { Holder = "run", TakenAt = Now.AddHours(-3), Expires = Now.AddSeconds(1), EnqueuedAt = Now.AddHours(-3) };
        Assert.True(alive.IsHeldAt(Now));
        Assert.False(alive.NeedsSendingAt(Now, Pickup));
    }

    [Fact]
    public void A_lapsed_lease_is_a_dead_worker_and_its_step_is_sent_again()
    {
        var dead = Shard with { Holder = "run", TakenAt = Now.AddMinutes(-2), Expires = Now, EnqueuedAt = Now.AddMinutes(-3) };
        Assert.False(dead.IsHeldAt(Now));
        Assert.True(dead.NeedsSendingAt(Now, Pickup));
    }

    [Fact]
    public void A_message_on_its_way_is_waited_for_until_the_pickup_timeout()
    {
        var sent = Shard with { Holder = null, TakenAt = Now.AddMinutes(-10), Expires = null, EnqueuedAt = Now.AddMinutes(-1) };
        Assert.False(sent.NeedsSendingAt(Now, Pickup));
        Assert.True(sent.NeedsSendingAt(Now + Pickup, Pickup));
    }

    [Fact]
    public void A_done_shard_is_never_sent_again() =>
        Assert.False((Shard with { Done = true, EnqueuedAt = Now.AddDays(-1) }).NeedsSendingAt(Now, Pickup));
}
