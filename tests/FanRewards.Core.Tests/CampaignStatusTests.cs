using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Tests;

public class CampaignStatusTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void A_draft_is_a_draft_whatever_the_schedule_says()
    {
        var draft = TestData.Campaign();
        Assert.Equal(CampaignStatus.Draft, draft.StatusAt(TestData.BeforeAll));
        Assert.Equal(CampaignStatus.Draft, draft.StatusAt(TestData.Opens.AddDays(1)));
        Assert.Equal(CampaignStatus.Draft, draft.StatusAt(TestData.Closes.AddDays(1)));
    }

    [Fact]
    public void A_published_campaign_follows_its_schedule()
    {
        var c = TestData.Published();

        Assert.Equal(CampaignStatus.Published, c.StatusAt(TestData.Opens - Tick));
        Assert.Equal(CampaignStatus.Open, c.StatusAt(TestData.Opens));
        Assert.Equal(CampaignStatus.Open, c.StatusAt(TestData.Closes - Tick));
        Assert.Equal(CampaignStatus.Closed, c.StatusAt(TestData.Closes));
        Assert.Equal(CampaignStatus.Closed, c.StatusAt(TestData.Closes.AddDays(30)));
    }

    [Fact]
    public void Schedule_times_are_read_in_the_campaign_zone()
    {
        // Same local schedule, New York zone: opens 2027-02-12 08:00 EST = 13:00Z.
        var c = TestData.Published() with { Definition = TestData.Definition() with { TimeZone = "America/New_York" } };

        Assert.Equal(new DateTimeOffset(2027, 2, 12, 13, 0, 0, TimeSpan.Zero), c.OpensAt);
        Assert.Equal(CampaignStatus.Published, c.StatusAt(TestData.Opens)); // 08:00 Shanghai is still 19:00 the day before in New York
    }

    [Fact]
    public void A_campaign_closed_early_is_closed_even_inside_its_window()
    {
        var closedAt = TestData.Opens.AddDays(2);
        var c = TestData.Published() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = closedAt };

        Assert.Equal(CampaignStatus.Closed, c.StatusAt(closedAt));
        Assert.Equal(CampaignStatus.Closed, c.StatusAt(TestData.Opens.AddDays(3)));
    }

    [Fact]
    public void Drawn_and_archived_campaigns_keep_their_status_at_any_time()
    {
        var drawn = TestData.Published() with { Lifecycle = CampaignLifecycle.Drawn, DrawnAt = TestData.Closes.AddHours(2) };
        var archived = TestData.Published() with { Lifecycle = CampaignLifecycle.Archived, ArchivedAt = TestData.Closes.AddDays(40) };

        foreach (var at in new[] { TestData.BeforeAll, TestData.Opens.AddDays(1), TestData.Closes.AddDays(50) })
        {
            Assert.Equal(CampaignStatus.Drawn, drawn.StatusAt(at));
            Assert.Equal(CampaignStatus.Archived, archived.StatusAt(at));
        }
    }

    [Fact]
    public void Entries_open_at_the_scheduled_time_when_published_before_it()
    {
        var c = TestData.Published(publishedAt: TestData.Opens.AddHours(-5));
        Assert.Equal(TestData.Opens, c.OpensAt);
    }

    [Fact]
    public void Entries_open_when_published_if_that_is_after_the_scheduled_time()
    {
        var publishedAt = TestData.Opens.AddHours(5);
        var c = TestData.Published(publishedAt: publishedAt);

        Assert.Equal(publishedAt, c.OpensAt);
        Assert.Equal(CampaignStatus.Published, c.StatusAt(publishedAt - Tick));
        Assert.Equal(CampaignStatus.Open, c.StatusAt(publishedAt));
    }

    [Fact]
    public void A_draft_opens_at_its_scheduled_time()
    {
        Assert.Equal(TestData.Opens, TestData.Campaign().OpensAt);
        Assert.Equal(TestData.Closes, TestData.Campaign().ClosesAt);
    }

    [Fact]
    public void An_early_close_shortens_the_window()
    {
        var closedAt = TestData.Opens.AddDays(1);
        var c = TestData.Published() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = closedAt };
        Assert.Equal(closedAt, c.ClosesAt);
    }

    [Fact]
    public void A_close_recorded_after_the_scheduled_end_does_not_lengthen_the_window()
    {
        var c = TestData.Published() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = TestData.Closes.AddDays(1) };
        Assert.Equal(TestData.Closes, c.ClosesAt);
    }

    [Fact]
    public void Without_a_schedule_there_is_no_window()
    {
        var c = new Campaign { Definition = new CampaignDefinition { Id = "bare" } };
        Assert.Null(c.OpensAt);
        Assert.Null(c.ClosesAt);
        Assert.Equal("Asia/Shanghai", c.Zone.Id);
    }
}
