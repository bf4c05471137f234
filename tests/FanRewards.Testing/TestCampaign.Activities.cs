using FanRewards.Core.Campaigns;

namespace FanRewards.Testing;

/// <summary>Activities, one step per kind with the settings of that kind, and the award rules they name.</summary>
public sealed partial record TestCampaign
{
    /// <summary>Riddles; by draw unless told otherwise.</summary>
    public TestCampaign WithRiddleActivity(string id = "riddles", AwardDefinition? award = null, int? attemptLimit = null,
        int? minCorrect = null, string title = "猜灯谜") =>
        WithActivity(new ActivityDefinition
        {
            Id = id, Kind = ActivityKind.Riddle, Title = title, AttemptLimit = attemptLimit, MinCorrect = minCorrect, Award = award ?? ByDraw(),
        });

    public TestCampaign WithLikeActivity(string id, AwardDefinition award, string? likesPer = null, string title = "为劳模点赞") =>
        WithActivity(new ActivityDefinition { Id = id, Kind = ActivityKind.Like, Title = title, LikesPer = likesPer, Award = award });

    public TestCampaign WithMessageActivity(string id, AwardDefinition award, int? maxLength = null, bool? moderated = null,
        string title = "节日留言") =>
        WithActivity(new ActivityDefinition
        {
            Id = id, Kind = ActivityKind.Message, Title = title, MaxLength = maxLength, Moderated = moderated, Award = award,
        });

    public TestCampaign WithSignupActivity(string id, AwardDefinition award, int seats, IReadOnlyList<SignupFieldDefinition>? fields = null,
        string title = "职工子女博物馆日") =>
        WithActivity(new ActivityDefinition { Id = id, Kind = ActivityKind.Signup, Title = title, Seats = seats, Fields = fields, Award = award });

    public TestCampaign WithCheckinActivity(string id, AwardDefinition award, long dailyCap, string? unit = "步", string title = "健步走") =>
        WithActivity(new ActivityDefinition { Id = id, Kind = ActivityKind.Checkin, Title = title, DailyCap = dailyCap, Unit = unit, Award = award });

    /// <summary>Adds an activity as written, for shapes the kind steps do not make (one with no award, no kind, ...).</summary>
    public TestCampaign WithActivity(ActivityDefinition activity) => Changed(d => d with { Activities = [.. d.Activities ?? [], activity] });

    /// <summary>Changes the activity with id <paramref name="id"/> (another kind, another setting, a broken one).</summary>
    public TestCampaign ChangeActivity(string id, Func<ActivityDefinition, ActivityDefinition> change) =>
        Changed(d => d.Activities?.Any(a => a.Id == id) == true
            ? d with { Activities = d.Activities.Select(a => a.Id == id ? change(a) : a).ToList() }
            : throw new InvalidOperationException($"The campaign has no activity '{id}'."));

    // An award names no prize tiers when given none (null, as an admin who leaves them out writes it).
    private static string[]? Tiers(string[] prizeIds) => prizeIds.Length == 0 ? null : prizeIds;

    public static AwardDefinition ByDraw(string? weighting = null) => new() { Mode = AwardMode.Draw, Weighting = weighting };

    public static AwardDefinition FirstCome(int count, params string[] prizeIds) => new() { Mode = AwardMode.FirstCome, Count = count, PrizeIds = Tiers(prizeIds) };

    public static AwardDefinition TopN(int count, params string[] prizeIds) => new() { Mode = AwardMode.TopN, Count = count, PrizeIds = Tiers(prizeIds) };

    public static AwardDefinition Judged(int count, params string[] prizeIds) => new() { Mode = AwardMode.Judged, Count = count, PrizeIds = Tiers(prizeIds) };

    public static AwardDefinition Instant(double winProbability, params string[] prizeIds) =>
        new() { Mode = AwardMode.Instant, WinProbability = winProbability, PrizeIds = Tiers(prizeIds) };
}
