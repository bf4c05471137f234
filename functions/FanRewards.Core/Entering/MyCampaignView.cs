using System.Text.Json.Serialization;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Entering;

/// <summary>
/// An entrant's own page in a campaign: what they entered and where they stand. Only their own data, among it their
/// salt: with it (and only with it) they recompute their pseudonym and find themselves in the published entry set.
/// The salt is null, and written as null, for a campaign published before Trust v2, whose pseudonyms are unsalted.
/// </summary>
public sealed record MyCampaignView(
    string CampaignId, string Status, string Pseudonym,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Salt,
    IReadOnlyList<MyActivityView> Activities)
{
    /// <summary>Per draw: whether this entrant was in the entry set, and their rank and prize if ranked.</summary>
    public IReadOnlyList<Draws.MyDraw>? Draws { get; init; }

    /// <summary>Prizes won outside the draws (first come and the like), with this entrant's own voucher codes.</summary>
    public IReadOnlyList<Awards.MyAward>? Prizes { get; init; }

    /// <summary>True once the campaign's retention period ended and this entrant's personal data was deleted; else absent.</summary>
    public bool? PersonalDataDeleted { get; init; }

    public static MyCampaignView From(Campaign campaign, string pseudonym, string? salt, IReadOnlyList<EntryRecord> entries, DateTimeOffset now)
    {
        var activities = campaign.Model.Activities.Select(activity =>
        {
            var mine = entries.Where(e => e.ActivityId == activity.Id).ToList();
            var view = new MyActivityView(activity.Id, activity.Kind, mine.Count > 0);
            return activity switch
            {
                RiddleActivity riddles => Riddles(view, riddles, mine.SingleOrDefault()),
                LikeActivity => view with
                {
                    Likes = mine.Select(e => e.CandidateId is { } candidate ? new MyLike(candidate, e.Day, Show(e.AcceptedAt, campaign)) : null)
                        .OfType<MyLike>().ToList(),
                },
                TextActivity => view with
                {
                    Message = mine.SingleOrDefault() is { Text: { } text, Status: { } status } m ? new MyMessage(text, status, Show(m.AcceptedAt, campaign)) : null,
                },
                SignupActivity => view with
                {
                    Signup = mine.SingleOrDefault() is { Status: { } status } s ? new MySignup(status, s.Seat, s.Fields, Show(s.AcceptedAt, campaign)) : null,
                },
                _ => view with
                {
                    Checkins = mine.Select(e => e.Day is { } day ? new MyCheckin(day, e.Value ?? 0) : null).OfType<MyCheckin>().ToList(),
                    Total = mine.Sum(e => e.Value ?? 0),
                },
            } with
            { Draw = DrawChance(activity, mine) };
        }).ToList();
        return new MyCampaignView(campaign.Id, campaign.StatusAt(now).ToString().ToLowerInvariant(), pseudonym, salt, activities)
        {
            PersonalDataDeleted = entries.Any(e => e.EntrantId == EntryRecord.ErasedEntrantId) ? true : null,
        };
    }

    private static MyActivityView Riddles(MyActivityView view, RiddleActivity activity, EntryRecord? entry)
    {
        var progress = RiddleProgress.Of(entry);
        return view with
        {
            Riddles = activity.Riddles.Select(r =>
            {
                var state = progress[r.Id];
                return new MyRiddle(r.Id, state.Attempts, state.Correct, state.Correct ? 0 : Math.Max(0, activity.AttemptLimit - state.Attempts));
            }).ToList(),
            Total = progress.CorrectCount,
        };
    }

    /// <summary>For an activity that awards by draw: whether the entrant qualifies so far and how many tickets they hold.</summary>
    private static MyDrawChance? DrawChance(CampaignActivity activity, IReadOnlyList<EntryRecord> mine)
    {
        if (activity.Award is not DrawAward draw) return null;
        if (mine is not [var entry, ..]) return new MyDrawChance(false, 0, "Take part to enter the draw.");
        if (activity is RiddleActivity riddles)
        {
            var correct = (int)(entry.Value ?? 0);
            if (correct < riddles.MinCorrect) return new MyDrawChance(false, 0, $"Get {riddles.MinCorrect - correct} more riddle(s) right to enter the draw.");
            var tickets = draw.Weighting == Weighting.CorrectAnswers ? correct : 1;
            return new MyDrawChance(true, tickets, null);
        }
        // As the draw reads them (DrawEligibility.WeightOf): a message counts unless rejected, a pending one too (a
        // moderation backlog costs nobody their chance); a sign-up only with a confirmed place.
        return activity switch
        {
            TextActivity when entry.Status is EntryStatus.Rejected => new MyDrawChance(false, 0, "Your entry was not approved."),
            TextActivity when entry.Status is EntryStatus.Pending =>
                new MyDrawChance(true, 1, "Your entry counts while it awaits moderation, unless it is rejected before the draw's cutoff."),
            SignupActivity when entry.Status is not EntryStatus.Confirmed =>
                new MyDrawChance(false, 0, entry.Status is EntryStatus.Waitlisted ? "Only confirmed places enter the draw." : "Your entry counts once your place is confirmed."),
            _ => new MyDrawChance(true, 1, null),
        };
    }

    private static string Show(DateTimeOffset instant, Campaign campaign) => CampaignTime.Format(instant, campaign.Zone);
}

public sealed record MyActivityView(string ActivityId, ActivityKind Kind, bool Entered)
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
public sealed record MyMessage(string Text, EntryStatus Status, string At);
public sealed record MySignup(EntryStatus Status, int? Seat, IReadOnlyDictionary<string, string>? Fields, string At);
public sealed record MyCheckin(string Day, long Value);
public sealed record MyDrawChance(bool Eligible, int Tickets, string? Note);
