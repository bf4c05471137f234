using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Entries;

/// <summary>An entrant's own page in a campaign: what they entered and where they stand. Only their own data.</summary>
public sealed record MyCampaignView(
    string CampaignId, string Status, string Pseudonym, IReadOnlyList<MyActivityView> Activities)
{
    /// <summary>Per draw: whether this entrant was in the entry set, and their rank and prize if ranked.</summary>
    public IReadOnlyList<Draws.MyDraw>? Draws { get; init; }

    /// <summary>Prizes won outside the draws (first come and the like), with this entrant's own voucher codes.</summary>
    public IReadOnlyList<Awards.MyAward>? Prizes { get; init; }

    public static MyCampaignView From(Campaign campaign, string pseudonym, IReadOnlyList<EntryRecord> entries, DateTimeOffset now)
    {
        var activities = (campaign.Definition.Activities ?? []).Select(activity =>
        {
            var mine = entries.Where(e => e.ActivityId == activity.Id).ToList();
            return activity.Kind switch
            {
                ActivityKind.Riddle => Riddles(campaign, activity, mine.SingleOrDefault()),
                ActivityKind.Like => new MyActivityView(activity.Id!, "like", mine.Count > 0)
                {
                    Likes = mine.Select(e => new MyLike(e.CandidateId!, e.Day, Show(e.AcceptedAt, campaign))).ToList(),
                },
                ActivityKind.Message or ActivityKind.Reflection => new MyActivityView(activity.Id!, Kind(activity), mine.Count > 0)
                {
                    Message = mine.SingleOrDefault() is { } m ? new MyMessage(m.Text!, m.Status!, Show(m.AcceptedAt, campaign)) : null,
                },
                ActivityKind.Signup => new MyActivityView(activity.Id!, "signup", mine.Count > 0)
                {
                    Signup = mine.SingleOrDefault() is { } s ? new MySignup(s.Status!, s.Seat, s.Fields, Show(s.AcceptedAt, campaign)) : null,
                },
                _ => new MyActivityView(activity.Id!, Kind(activity), mine.Count > 0)
                {
                    Checkins = mine.Select(e => new MyCheckin(e.Day!, e.Value ?? 0)).ToList(),
                    Total = mine.Sum(e => e.Value ?? 0),
                },
            } with { Draw = DrawChance(activity, mine) };
        }).ToList();
        return new MyCampaignView(campaign.Id, campaign.StatusAt(now).ToString().ToLowerInvariant(), pseudonym, activities);
    }

    private static MyActivityView Riddles(Campaign campaign, ActivityDefinition activity, EntryRecord? entry)
    {
        var progress = RiddleProgress.Decode(entry?.Progress);
        var limit = activity.AttemptLimit ?? 3;
        return new MyActivityView(activity.Id!, "riddle", entry is not null)
        {
            Riddles = campaign.Riddles.Where(r => r.ActivityId == activity.Id).Select(r =>
            {
                var state = progress[r.Id!];
                return new MyRiddle(r.Id!, state.Attempts, state.Correct, state.Correct ? 0 : Math.Max(0, limit - state.Attempts));
            }).ToList(),
            Total = progress.CorrectCount,
        };
    }

    /// <summary>For an activity that awards by draw: whether the entrant qualifies so far and how many tickets they hold.</summary>
    private static MyDrawChance? DrawChance(ActivityDefinition activity, IReadOnlyList<EntryRecord> mine)
    {
        if (activity.Award?.Mode != AwardMode.Draw) return null;
        var entry = mine.FirstOrDefault();
        if (entry is null) return new MyDrawChance(false, 0, "Take part to enter the draw.");
        if (activity.Kind == ActivityKind.Riddle)
        {
            var correct = (int)(entry.Value ?? 0);
            var needed = activity.MinCorrect ?? 1;
            if (correct < needed) return new MyDrawChance(false, 0, $"Get {needed - correct} more riddle(s) right to enter the draw.");
            var tickets = activity.Award.Weighting == "correctAnswers" ? correct : 1;
            return new MyDrawChance(true, tickets, null);
        }
        if (entry.Status is MessageStatus.Rejected) return new MyDrawChance(false, 0, "Your entry was not approved.");
        if (entry.Status is MessageStatus.Pending) return new MyDrawChance(false, 0, "Your entry counts once it is approved.");
        return new MyDrawChance(true, 1, null);
    }

    private static string Kind(ActivityDefinition a) => a.Kind!.Value.ToString().ToLowerInvariant();

    private static string Show(DateTimeOffset instant, Campaign campaign) => CampaignTime.Format(instant, campaign.Zone);
}

public sealed record MyActivityView(string ActivityId, string Kind, bool Entered)
{
    public IReadOnlyList<MyRiddle>? Riddles { get; init; }
    public IReadOnlyList<MyLike>? Likes { get; init; }
    public MyMessage? Message { get; init; }
    public MySignup? Signup { get; init; }
    public IReadOnlyList<MyCheckin>? Checkins { get; init; }
    /// <summary>riddle: riddles right; checkin: the counted total.</summary>
    public long? Total { get; init; }
    public MyDrawChance? Draw { get; init; }
}

public sealed record MyRiddle(string RiddleId, int Attempts, bool Correct, int AttemptsLeft);
public sealed record MyLike(string CandidateId, string? Day, string At);
public sealed record MyMessage(string Text, string Status, string At);
public sealed record MySignup(string Status, int? Seat, IReadOnlyDictionary<string, string>? Fields, string At);
public sealed record MyCheckin(string Day, long Value);
public sealed record MyDrawChance(bool Eligible, int Tickets, string? Note);
