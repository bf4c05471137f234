using System.Text.Json;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;

namespace FanRewards.Core.Tests.Json;

/// <summary>
/// Statuses, modes and kinds became enums after years as strings: the names below are what stored rows and existing
/// clients hold, so they must stay byte for byte, in storage (through <see cref="WireName"/>) and in JSON alike.
/// </summary>
public class WireNameTests
{
    public static TheoryData<object, string> Names => new()
    {
        { EntryStatus.Pending, "pending" }, { EntryStatus.Approved, "approved" }, { EntryStatus.Rejected, "rejected" },
        { EntryStatus.Confirmed, "confirmed" }, { EntryStatus.Waitlisted, "waitlisted" },
        { AwardStatus.Awarded, "awarded" }, { AwardStatus.Claimed, "claimed" }, { AwardStatus.Declined, "declined" },
        { AwardStatus.Forfeited, "forfeited" },
        { AwardedBy.FirstCome, "firstCome" }, { AwardedBy.Instant, "instant" }, { AwardedBy.TopN, "topN" }, { AwardedBy.Judged, "judged" },
        { AwardedBy.Draw, "draw" }, { AwardedBy.DrawAlternate, "draw-alternate" },
        { ActivityKind.Riddle, "riddle" }, { ActivityKind.Like, "like" }, { ActivityKind.Message, "message" },
        { ActivityKind.Reflection, "reflection" }, { ActivityKind.Signup, "signup" }, { ActivityKind.Checkin, "checkin" },
        { LikesPer.Day, "day" }, { LikesPer.Campaign, "campaign" },
        { Weighting.Equal, "equal" }, { Weighting.CorrectAnswers, "correctAnswers" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_value_keeps_the_name_it_had_as_a_string(object value, string name)
    {
        Assert.Equal(name, Of(value));
        Assert.Equal(value, ParseLike(value, name));
        Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(value, value.GetType(), FanRewardsJson.Options));
    }

    [Fact]
    public void An_unknown_name_is_refused_naming_the_ones_known()
    {
        var error = Assert.Throws<FormatException>(() => WireName.Parse<AwardStatus>("Claimed"));
        Assert.Contains("awarded, claimed, declined, forfeited", error.Message);
        Assert.False(WireName.TryParse<EntryStatus>("PENDING", out _));
        Assert.False(WireName.TryParse<EntryStatus>(null, out _));
    }

    private static string Of(object value) => value switch
    {
        EntryStatus v => WireName.Of(v),
        AwardStatus v => WireName.Of(v),
        AwardedBy v => WireName.Of(v),
        ActivityKind v => WireName.Of(v),
        LikesPer v => WireName.Of(v),
        Weighting v => WireName.Of(v),
        _ => throw new ArgumentException($"No case for {value.GetType()}."),
    };

    private static object ParseLike(object value, string name) => value switch
    {
        EntryStatus => WireName.Parse<EntryStatus>(name),
        AwardStatus => WireName.Parse<AwardStatus>(name),
        AwardedBy => WireName.Parse<AwardedBy>(name),
        ActivityKind => WireName.Parse<ActivityKind>(name),
        LikesPer => WireName.Parse<LikesPer>(name),
        Weighting => WireName.Parse<Weighting>(name),
        _ => throw new ArgumentException($"No case for {value.GetType()}."),
    };
}
