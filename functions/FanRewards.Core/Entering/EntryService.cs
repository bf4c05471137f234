using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Entering;

/// <summary>
/// The entrant-facing hot path. Campaign settings come from the catalog's cache; an accepted entry costs one
/// storage write (a riddle answer also one read of the entrant's own row); every key is the entrant's own, so
/// no entity is written by everyone.
/// </summary>
public sealed class EntryService(PublicCampaignCatalog catalog, IEntryStore entries, ISeatStore seats, TimeProvider clock,
    EntryPolicy policy, Awards.AwardService awards, Figures.EntryFigures figures, Fraud.EntryWatch watch)
{
    /// <summary>Concurrent answers from one entrant to one activity race on one row; this many re-reads settle any sane burst.</summary>
    private const int MaxWriteRetries = 25;

    /// <summary>An entrant answers riddle after riddle, usually on the same instance: their row as last written here.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EntryRecord> _riddleRows = new(StringComparer.Ordinal);
    private const int MaxRememberedRows = 200_000;
    private int _rememberedSinceClear;

    public async Task<RiddleAnswerResult> AnswerRiddleAsync(string campaignId, string riddleId, Entrant entrant, string answer,
        CancellationToken ct)
    {
        var (campaign, now) = await OpenCampaignAsync(campaignId, entrant, ct);
        var (activity, riddle) = campaign.Model.FindRiddle(riddleId) ?? throw new ProblemException(Problem.NotFound("riddle", riddleId));
        var correct = AnswerMatcher.Matches(answer, riddle.Answers);

        var pseudonym = campaign.PseudonymOf(entrant.Id);
        var bucket = Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets);
        var rowKey = EntryRecord.Key(activity.Id, pseudonym);
        var cacheKey = $"{campaign.Id}|{rowKey}";
        var signals = EntrySignals.Of(campaign, entrant.Client);
        for (var attempt = 0; attempt < MaxWriteRetries; attempt++)
        {
            // First try without a read: with the row this instance last wrote for the entrant, or, for someone it has
            // not seen, with no row at all. The ETag catches a stale guess, and the retry reads what is really there.
            var existing = attempt == 0 ? _riddleRows.GetValueOrDefault(cacheKey) : await entries.FindAsync(campaign.Id, bucket, rowKey, ct);
            var progress = RiddleProgress.Of(existing);
            var outcome = progress.Answer(riddle.Id, correct, activity.AttemptLimit, now);
            // Attempts and correctness only grow, so a stale guess can show a riddle as still open, never as closed.
            if (outcome.Exhausted) throw new ProblemException(EntryProblems.AttemptsExhausted(riddle.Id));
            if (!outcome.Changed) return Result(outcome, progress, activity);

            var entry = new EntryRecord
            {
                CampaignId = campaign.Id, Bucket = bucket, RowKey = rowKey, ActivityId = activity.Id, Kind = ActivityKind.Riddle,
                EntrantId = entrant.Id, Pseudonym = pseudonym, AcceptedAt = existing?.AcceptedAt ?? now,
                Progress = progress.Encode(), Weight = Math.Max(1, progress.CorrectCount), Value = progress.CorrectCount,
                ETag = existing?.ETag,
                // The signals of the first answer stay: the entry is dated by it too.
                NetworkSignal = existing is null ? signals.Network : existing.NetworkSignal,
                AgentSignal = existing is null ? signals.Agent : existing.AgentSignal,
            };
            var etag = existing is null ? await entries.TryInsertAsync(entry, ct) : await entries.TryReplaceAsync(entry, ct);
            if (etag is null) continue;
            Remember(cacheKey, entry with { ETag = etag });
            Counted(campaign, entry);
            return Result(outcome, progress, activity);
        }
        throw new ProblemException(EntryProblems.Busy());
    }

    private void Counted(Campaign campaign, EntryRecord entry)
    {
        FanRewardsTelemetry.EntryAccepted(campaign.Id, WireName.Of(entry.Kind));
        figures.EntryAccepted(campaign.Id, entry.ActivityId);
        watch.Accepted(campaign, entry);
    }

    private void Remember(string key, EntryRecord row)
    {
        // Counting a ConcurrentDictionary takes every one of its locks, on every answer: count the additions instead.
        if (!_riddleRows.TryAdd(key, row))
        {
            _riddleRows[key] = row;
        }
        else if (Interlocked.Increment(ref _rememberedSinceClear) >= MaxRememberedRows)
        {
            _riddleRows.Clear();
            Interlocked.Exchange(ref _rememberedSinceClear, 0);
        }
    }

    /// <summary>The entrant's own entries in a published campaign, open or not.</summary>
    public async Task<MyCampaignView> GetMineAsync(string campaignId, Entrant entrant, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var pseudonym = campaign.PseudonymOf(entrant.Id);
        var mine = await entries.ListForEntrantAsync(campaign.Id, Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), pseudonym,
            campaign.Model.Activities.Select(a => a.Id), ct);
        var view = MyCampaignView.From(campaign, pseudonym, campaign.SaltOf(entrant.Id), mine, clock.GetUtcNow());
        return view with
        {
            Prizes = (await awards.ShowMineAsync(campaign.Id, pseudonym, ct)).Select(a => Awards.MyAward.From(a, campaign)).ToList(),
        };
    }

    public async Task<LikeResult> LikeAsync(string campaignId, string candidateId, Entrant entrant, CancellationToken ct)
    {
        var (campaign, now) = await OpenCampaignAsync(campaignId, entrant, ct);
        var (activity, candidate) = campaign.Model.FindCandidate(candidateId)
                                    ?? throw new ProblemException(Problem.NotFound("candidate", candidateId));
        var day = activity.LikesPer == LikesPer.Campaign ? null : LocalDay(now, campaign);
        var entry = NewEntry(campaign, activity, entrant, now);
        entry = entry with
        {
            RowKey = EntryRecord.Key(activity.Id, entry.Pseudonym, day ?? "campaign", candidate.Id),
            Day = day,
            CandidateId = candidate.Id,
        };
        var counted = await entries.TryInsertAsync(entry, ct) is not null;
        if (counted)
        {
            Counted(campaign, entry);
            figures.LikeCounted(campaign.Id, activity.Id, candidate.Id, day);
        }
        var prize = counted ? await FirstComeAsync(campaign, activity, entry, ct) : null;
        return new LikeResult(candidate.Id, counted, day) { Prize = prize };
    }

    public async Task<MessageResult> LeaveMessageAsync(string campaignId, string activityId, Entrant entrant, string? text,
        CancellationToken ct)
    {
        var (campaign, now) = await OpenCampaignAsync(campaignId, entrant, ct);
        var activity = Activity<TextActivity>(campaign, activityId, "message or reflection");
        var checkedText = EntryContent.CheckText(text, activity, policy);
        var status = activity.Moderated ? EntryStatus.Pending : EntryStatus.Approved;
        var entry = NewEntry(campaign, activity, entrant, now);
        entry = entry with
        {
            RowKey = EntryRecord.Key(activity.Id, entry.Pseudonym),
            Text = checkedText,
            Status = status,
        };
        if (await entries.TryInsertAsync(entry, ct) is null)
        {
            var existing = await entries.FindAsync(campaign.Id, entry.Bucket, entry.RowKey, ct);
            throw new ProblemException(MoreEntryProblems.AlreadyEntered(activity.Id,
                new Dictionary<string, object?> { ["entryStatus"] = existing?.Status is { } was ? WireName.Of(was) : null }));
        }
        Counted(campaign, entry);
        return new MessageResult(activity.Id, status);
    }

    public async Task<SignupResult> SignUpAsync(string campaignId, string activityId, Entrant entrant,
        IReadOnlyDictionary<string, string>? fields, CancellationToken ct)
    {
        var (campaign, now) = await OpenCampaignAsync(campaignId, entrant, ct);
        var activity = Activity<SignupActivity>(campaign, activityId, "signup");
        var answers = EntryContent.CheckSignupFields(activity, fields ?? new Dictionary<string, string>());
        var entry = NewEntry(campaign, activity, entrant, now);
        entry = entry with { RowKey = EntryRecord.Key(activity.Id, entry.Pseudonym), Fields = answers, Status = EntryStatus.Pending };

        // The entry is written first and the seat claimed after; a request that died in between left a pending
        // entry, which a retry completes. The seat store gives one entrant at most one seat, so a retry, or a
        // duplicate request racing this one, finds the same seat.
        if (await entries.TryInsertAsync(entry, ct) is { } etag)
        {
            entry = entry with { ETag = etag };
            Counted(campaign, entry);
        }
        else
        {
            entry = await entries.FindAsync(campaign.Id, entry.Bucket, entry.RowKey, ct) ?? throw new ProblemException(EntryProblems.Busy());
            if (entry.Status != EntryStatus.Pending)
            {
                throw new ProblemException(MoreEntryProblems.AlreadyEntered(activity.Id,
                    new Dictionary<string, object?> { ["entryStatus"] = entry.Status is { } was ? WireName.Of(was) : null, ["seat"] = entry.Seat }));
            }
        }

        var seat = await seats.TryClaimAsync(campaign.Id, activity.Id, activity.Seats, entrant.Id, ct);
        var status = seat is null ? EntryStatus.Waitlisted : EntryStatus.Confirmed;
        var settled = EntryDecisions.Decide(entry, status, clock.GetUtcNow()) with { Seat = seat };
        // Only this request and its retries touch a pending entry; losing this race means a retry already settled it.
        await entries.TryReplaceAsync(settled, ct);
        return new SignupResult(activity.Id, status, seat, activity.Seats)
        {
            Prize = seat is null ? null : await FirstComeAsync(campaign, activity, settled, ct),
        };
    }

    public async Task<CheckinResult> CheckInAsync(string campaignId, string activityId, Entrant entrant, long? value,
        CancellationToken ct)
    {
        var (campaign, now) = await OpenCampaignAsync(campaignId, entrant, ct);
        var activity = Activity<CheckinActivity>(campaign, activityId, "checkin");
        if (value is not { } reported || reported < 0 || reported > policy.MaxCheckinValue)
        {
            var errors = new ValidationErrors();
            errors.Add("value", "out-of-range", $"Required: a whole number from 0 to {policy.MaxCheckinValue}.",
                ("min", 0), ("max", policy.MaxCheckinValue));
            throw new ProblemException(Problem.Validation(errors));
        }
        var day = LocalDay(now, campaign);
        var counted = Math.Min(reported, activity.DailyCap);
        var entry = NewEntry(campaign, activity, entrant, now);
        entry = entry with
        {
            RowKey = EntryRecord.Key(activity.Id, entry.Pseudonym, day),
            Day = day,
            Value = counted,
            Fields = new Dictionary<string, string> { ["reported"] = reported.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        if (await entries.TryInsertAsync(entry, ct) is null)
        {
            var existing = await entries.FindAsync(campaign.Id, entry.Bucket, entry.RowKey, ct);
            throw new ProblemException(MoreEntryProblems.AlreadyEntered(activity.Id,
                new Dictionary<string, object?> { ["day"] = day, ["value"] = existing?.Value }));
        }
        Counted(campaign, entry);
        figures.CheckedIn(campaign.Id, activity.Id, entry.Bucket, entry.Pseudonym);
        return new CheckinResult(activity.Id, day, reported, counted, activity.DailyCap)
        {
            Prize = await FirstComeAsync(campaign, activity, entry, ct),
        };
    }

    /// <summary>First come or instant win: an accepted entry may win on the spot while stock lasts.</summary>
    private async Task<Awards.MyAward?> FirstComeAsync(Campaign campaign, CampaignActivity activity, EntryRecord entry, CancellationToken ct) =>
        await awards.OnAcceptedEntryAsync(campaign, activity, entry, ct) is { } award
            ? Awards.MyAward.From(award, campaign)
            : null;

    private static TActivity Activity<TActivity>(Campaign campaign, string activityId, string expected) where TActivity : CampaignActivity =>
        campaign.Model.FindActivity(activityId) switch
        {
            null => throw new ProblemException(Problem.NotFound("activity", activityId)),
            TActivity activity => activity,
            _ => throw new ProblemException(EntryProblems.WrongActivity(activityId, expected)),
        };

    private static EntryRecord NewEntry(Campaign campaign, CampaignActivity activity, Entrant entrant, DateTimeOffset now)
    {
        var pseudonym = campaign.PseudonymOf(entrant.Id);
        var signals = EntrySignals.Of(campaign, entrant.Client);
        return new EntryRecord
        {
            CampaignId = campaign.Id, Bucket = Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), RowKey = "",
            ActivityId = activity.Id, Kind = activity.Kind, EntrantId = entrant.Id,
            Pseudonym = pseudonym, AcceptedAt = now, NetworkSignal = signals.Network, AgentSignal = signals.Agent,
        };
    }

    /// <summary>"Per day" means the campaign's day (<see cref="CampaignTime.LocalDay"/>).</summary>
    public static string LocalDay(DateTimeOffset instant, Campaign campaign) => CampaignTime.LocalDay(instant, campaign.Zone);

    private static RiddleAnswerResult Result(AnswerOutcome outcome, RiddleProgress progress, RiddleActivity activity) =>
        new(outcome.Correct, outcome.AttemptsLeft, progress.CorrectCount, activity.MinCorrect);

    private async Task<(Campaign Campaign, DateTimeOffset Now)> OpenCampaignAsync(string campaignId, Entrant entrant, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var now = clock.GetUtcNow();
        var status = campaign.StatusAt(now);
        if (status != CampaignStatus.Open)
        {
            throw new ProblemException(EntryProblems.NotOpen(status.ToString().ToLowerInvariant(),
                campaign.OpensAt is { } o ? CampaignTime.Format(o, campaign.Zone) : null,
                campaign.ClosesAt is { } c ? CampaignTime.Format(c, campaign.Zone) : null));
        }

        if (campaign.Model.MembersOnly && !entrant.IsMember) throw new ProblemException(EntryProblems.MembersOnly());
        await watch.RefuseIfDisqualifiedAsync(campaign, entrant, ct);
        return (campaign, now);
    }
}
