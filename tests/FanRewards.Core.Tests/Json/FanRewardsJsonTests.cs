using System.Text.Json;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Json;

namespace FanRewards.Core.Tests.Json;

public class FanRewardsJsonTests
{
    private static readonly JsonSerializerOptions Options = FanRewardsJson.Options;

    [Fact]
    public void A_misspelt_property_is_an_error_not_silently_ignored()
    {
        var e = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<CampaignDefinition>("""{"id":"c1","titel":"元宵"}""", Options));
        Assert.Contains("titel", e.Message);
    }

    [Fact]
    public void An_unknown_nested_property_is_an_error()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CampaignDefinition>(
            """{"id":"c1","schedule":{"opensAt":"2027-02-12T08:00:00","drawAt":"2027-02-20T20:00:00"}}""", Options));
    }

    [Theory]
    [InlineData("""{"mode":2}""")]
    [InlineData("""{"mode":0}""")]
    [InlineData("""{"mode":"2"}""")]
    public void An_enum_given_as_a_number_is_an_error(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AwardDefinition>(json, Options));
    }

    [Fact]
    public void An_unknown_enum_name_is_an_error()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AwardDefinition>("""{"mode":"lottery"}""", Options));
    }

    [Theory]
    [InlineData("firstCome", AwardMode.FirstCome)]
    [InlineData("topN", AwardMode.TopN)]
    [InlineData("draw", AwardMode.Draw)]
    public void Enums_are_read_by_their_camelCase_names(string name, AwardMode expected)
    {
        var award = JsonSerializer.Deserialize<AwardDefinition>($$"""{"mode":"{{name}}"}""", Options);
        Assert.Equal(expected, award!.Mode);
    }

    [Fact]
    public void Enums_are_written_in_camelCase()
    {
        var json = JsonSerializer.Serialize(new AwardDefinition { Mode = AwardMode.FirstCome, Count = 30 }, Options);
        Assert.Contains("\"mode\":\"firstCome\"", json);
        Assert.Contains("\"count\":30", json);
    }

    [Fact]
    public void Nulls_are_left_out_when_writing()
    {
        var json = JsonSerializer.Serialize(new AwardDefinition { Mode = AwardMode.Draw }, Options);
        Assert.Equal("""{"mode":"draw"}""", json);
    }

    [Fact]
    public void Text_is_written_as_text_and_only_what_JSON_requires_is_escaped()
    {
        // Issue #15: no \u002B in times, no \u0027 in messages, Chinese as characters. HTML-sensitive characters are
        // written as they are too: every response is JSON with nosniff (JsonForPeopleTests), never HTML.
        var json = JsonSerializer.Serialize(new CampaignDefinition { Title = "元宵<猜灯谜> & Tom's +8", Summary = "\"引号\" \\ \n" }, Options);
        Assert.Contains("元宵<猜灯谜> & Tom's +8", json);
        Assert.Contains("""\"引号\" \\ \n""", json);
        Assert.DoesNotContain("\\u", json);
        Assert.Equal("\"2027-02-12T20:00:00+08:00\"", JsonSerializer.Serialize(new DateTimeOffset(2027, 2, 12, 20, 0, 0, TimeSpan.FromHours(8)), Options));
    }

    [Fact]
    public void A_campaign_round_trips()
    {
        var original = TestCampaign.Lantern().BuildDefinition();
        var json = JsonSerializer.Serialize(original, Options);
        var back = JsonSerializer.Deserialize<CampaignDefinition>(json, Options)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, Options));
        Assert.Equal(AwardMode.FirstCome, back.Activities![1].Award!.Mode);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_errors()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AwardDefinition>("""{"count":1,}""", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AwardDefinition>("""{/* hi */"count":1}""", Options));
    }
}
