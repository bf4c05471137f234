using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Tests.Campaigns;

public class CampaignStatusTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void A_draft_is_a_draft_whatever_the_schedule_says()
    {
        var draft = TestCampaign.Lantern().Build();
        Assert.Equal(CampaignStatus.Draft, draft.StatusAt(LanternFestival.BeforeAll));
        Assert.Equal(CampaignStatus.Draft, draft.StatusAt(LanternFestival.Opens.AddDays(1)));
        Assert.Equal(CampaignStatus.Draft, draft.StatusAt(LanternFestival.Closes.AddDays(1)));
    }

    [Fact]
    public void A_published_campaign_follows_its_schedule()
    {
        var c = TestCampaign.Lantern().Published().Build();

        Assert.Equal(CampaignStatus.Published, c.StatusAt(LanternFestival.Opens - Tick));
        Assert.Equal(CampaignStatus.Open, c.StatusAt(LanternFestival.Opens));
        Assert.Equal(CampaignStatus.Open, c.StatusAt(LanternFestival.Closes - Tick));
        Assert.Equal(CampaignStatus.Closed, c.StatusAt(LanternFestival.Closes));
        Assert.Equal(CampaignStatus.Closed, c.StatusAt(LanternFestival.Closes.AddDays(30)));
    }

    [Fact]
    public void Schedule_times_are_read_in_the_campaign_zone()
    {
        // Same local schedule, New York zone: opens 2027-02-12 08:00 EST = 13:00Z.
        var c = TestCampaign.Lantern().InZone("America/New_York").Published().Build();

        Assert.Equal(new DateTimeOffset(2027, 2, 12, 13, 0, 0, TimeSpan.Zero), c.OpensAt);
        Assert.Equal(CampaignStatus.Published, c.StatusAt(LanternFestival.Opens)); // 08:00 Shanghai is still 19:00 the day before in New York
    }

    [Fact]
    public void A_campaign_closed_early_is_closed_even_inside_its_window()
    {
        var closedAt = LanternFestival.Opens.AddDays(2);
        var c = TestCampaign.Lantern().Published().Build() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = closedAt };

        Assert.Equal(CampaignStatus.Closed, c.StatusAt(closedAt));
        Assert.Equal(CampaignStatus.Closed, c.StatusAt(LanternFestival.Opens.AddDays(3)));
    }

    [Fact]
    public void Drawn_and_archived_campaigns_keep_their_status_at_any_time()
    {
        var drawn = TestCampaign.Lantern().Published().Build() with { Lifecycle = CampaignLifecycle.Drawn, DrawnAt = LanternFestival.Closes.AddHours(2) };
        var archived = TestCampaign.Lantern().Published().Build() with { Lifecycle = CampaignLifecycle.Archived, ArchivedAt = LanternFestival.Closes.AddDays(40) };

        foreach (var at in new[] { LanternFestival.BeforeAll, LanternFestival.Opens.AddDays(1), LanternFestival.Closes.AddDays(50) })
        {
            Assert.Equal(CampaignStatus.Drawn, drawn.StatusAt(at));
            Assert.Equal(CampaignStatus.Archived, archived.StatusAt(at));
        }
    }

    [Fact]
    public void Entries_open_at_the_scheduled_time_when_published_before_it()
    {
        var c = TestCampaign.Lantern().Published(LanternFestival.Opens.AddHours(-5)).Build();
        Assert.Equal(LanternFestival.Opens, c.OpensAt);
    }

    [Fact]
    public void Entries_open_when_published_if_that_is_after_the_scheduled_time()
    {
        var publishedAt = LanternFestival.Opens.AddHours(5);
        var c = TestCampaign.Lantern().Published(publishedAt).Build();

        Assert.Equal(publishedAt, c.OpensAt);
        Assert.Equal(CampaignStatus.Published, c.StatusAt(publishedAt - Tick));
        Assert.Equal(CampaignStatus.Open, c.StatusAt(publishedAt));
    }

    [Fact]
    public void A_draft_opens_at_its_scheduled_time()
    {
        Assert.Equal(LanternFestival.Opens, TestCampaign.Lantern().Build().OpensAt);
        Assert.Equal(LanternFestival.Closes, TestCampaign.Lantern().Build().ClosesAt);
    }

    [Fact]
    public void An_early_close_shortens_the_window()
    {
        var closedAt = LanternFestival.Opens.AddDays(1);
        var c = TestCampaign.Lantern().Published().Build() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = closedAt };
        Assert.Equal(closedAt, c.ClosesAt);
    }

    [Fact]
    public void A_close_recorded_after_the_scheduled_end_does_not_lengthen_the_window()
    {
        var c = TestCampaign.Lantern().Published().Build() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = LanternFestival.Closes.AddDays(1) };
        Assert.Equal(LanternFestival.Closes, c.ClosesAt);
    }

    [Fact]
    public void Without_a_schedule_there_is_no_window()
    {
        var c = TestCampaign.Bare("bare").Build();
        Assert.Null(c.OpensAt);
        Assert.Null(c.ClosesAt);
        Assert.Equal("Asia/Shanghai", c.Zone.Id);
    }
}
