using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;

namespace FanRewards.Core.Tests.Campaigns;

public class CampaignTimeTests
{
    private static readonly TimeZoneInfo Shanghai = LanternFestival.Shanghai;
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("2027-02-20T20:00:00")]
    [InlineData("2027-02-20T20:00")]
    [InlineData("2027-02-20T20:00:00.000")]
    public void Local_time_is_read_in_the_campaign_zone(string text)
    {
        // Shanghai is UTC+8 all year, so 20:00 local is 12:00 UTC.
        var instant = CampaignTime.Parse(text, Shanghai);

        Assert.Equal(new DateTimeOffset(2027, 2, 20, 12, 0, 0, TimeSpan.Zero), instant);
        Assert.Equal(TimeSpan.FromHours(8), instant.Offset);
    }

    [Fact]
    public void The_same_local_time_means_a_different_instant_in_another_zone()
    {
        // New York is on standard time (UTC-5) in February.
        Assert.Equal(new DateTimeOffset(2027, 2, 21, 1, 0, 0, TimeSpan.Zero), CampaignTime.Parse("2027-02-20T20:00:00", NewYork));
        // ...and on daylight time (UTC-4) in July.
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero), CampaignTime.Parse("2027-06-30T20:00:00", NewYork));
    }

    [Theory]
    [InlineData("2027-02-20T12:00:00Z")]
    [InlineData("2027-02-20T12:00Z")]
    [InlineData("2027-02-20T21:00:00+09:00")]
    [InlineData("2027-02-20T07:00:00-05:00")]
    [InlineData("2027-02-20T12:00:00.5+00:00")]
    public void Explicit_offsets_are_honoured_regardless_of_the_zone(string text)
    {
        var expected = new DateTimeOffset(2027, 2, 20, 12, 0, 0, TimeSpan.Zero);
        if (text.Contains(".5")) expected = expected.AddMilliseconds(500);

        Assert.Equal(expected, CampaignTime.Parse(text, Shanghai));
        Assert.Equal(expected, CampaignTime.Parse(text, NewYork));
    }

    [Theory]
    [InlineData("next tuesday")]
    [InlineData("2027-02-30T20:00:00")]
    [InlineData("2027-02-20 20:00:00")]
    [InlineData("20/02/2027 20:00")]
    [InlineData("2027-02-20")]
    [InlineData("2027-02-20T25:00:00")]
    [InlineData("2027-02-20T20:00:00+25:00")]
    public void Garbage_is_rejected_with_a_message_quoting_it(string text)
    {
        Assert.False(CampaignTime.TryParse(text, Shanghai, out _, out var error));
        Assert.NotNull(error);
        Assert.Contains(text, error);
        var thrown = Assert.Throws<FormatException>(() => CampaignTime.Parse(text, Shanghai));
        Assert.Equal(error, thrown.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_time_is_rejected_as_required(string? text)
    {
        Assert.False(CampaignTime.TryParse(text, Shanghai, out _, out var error));
        Assert.Equal("A time is required.", error);
    }

    [Fact]
    public void A_local_time_skipped_by_daylight_saving_is_rejected_not_guessed()
    {
        // On 2027-03-14 New York clocks jump from 02:00 to 03:00, so 02:30 never happens.
        Assert.False(CampaignTime.TryParse("2027-03-14T02:30:00", NewYork, out _, out var error));
        Assert.Contains("daylight-saving", error);
        Assert.Contains("America/New_York", error);

        // The minutes either side of the gap exist.
        Assert.Equal(new DateTimeOffset(2027, 3, 14, 6, 59, 0, TimeSpan.Zero), CampaignTime.Parse("2027-03-14T01:59:00", NewYork));
        Assert.Equal(new DateTimeOffset(2027, 3, 14, 7, 0, 0, TimeSpan.Zero), CampaignTime.Parse("2027-03-14T03:00:00", NewYork));
    }

    [Fact]
    public void The_gap_instant_written_with_an_offset_is_accepted()
    {
        // With an explicit offset there is nothing to guess.
        Assert.True(CampaignTime.TryParse("2027-03-14T02:30:00-05:00", NewYork, out var instant, out _));
        Assert.Equal(new DateTimeOffset(2027, 3, 14, 7, 30, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void Format_shows_the_instant_in_the_campaign_zone_with_its_offset()
    {
        var instant = new DateTimeOffset(2027, 2, 20, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("2027-02-20T20:00:00+08:00", CampaignTime.Format(instant, Shanghai));
        Assert.Equal("2027-02-20T07:00:00-05:00", CampaignTime.Format(instant, NewYork));
        Assert.Equal("2027-02-20T20:00:00", CampaignTime.FormatLocal(instant, Shanghai));
    }

    [Fact]
    public void Format_and_parse_round_trip()
    {
        var instant = new DateTimeOffset(2027, 2, 12, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(instant, CampaignTime.Parse(CampaignTime.Format(instant, Shanghai), NewYork));
        Assert.Equal(instant, CampaignTime.Parse(CampaignTime.FormatLocal(instant, Shanghai), Shanghai));
    }

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("America/New_York")]
    [InlineData("UTC")]
    public void Known_zones_are_found(string id)
    {
        Assert.True(CampaignTime.TryFindZone(id, out var zone));
        Assert.Equal(id, zone.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Asia/Beijing")]
    [InlineData("../../../etc/passwd")]
    [InlineData("Asia/Shanghai\0")]
    public void Unknown_zones_are_not_found(string? id)
    {
        Assert.False(CampaignTime.TryFindZone(id, out _));
    }

    [Fact]
    public void An_overlong_zone_id_is_not_looked_up()
    {
        Assert.False(CampaignTime.TryFindZone("Asia/" + new string('x', 100), out _));
    }

    [Fact]
    public void A_campaign_without_a_zone_is_in_Asia_Shanghai()
    {
        Assert.Equal("Asia/Shanghai", CampaignModel.ZoneOf(new CampaignDefinition { Id = "x" }).Id);
        Assert.Equal("America/New_York", CampaignModel.ZoneOf(new CampaignDefinition { Id = "x", TimeZone = "America/New_York" }).Id);
    }
}
