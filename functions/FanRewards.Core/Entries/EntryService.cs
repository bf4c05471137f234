using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Entries;

/// <summary>
/// The entrant-facing hot path. Campaign settings come from the catalog's cache; an accepted entry costs one
/// storage write (a riddle answer also one read of the entrant's own row); every key is the entrant's own, so
/// no entity is written by everyone.
/// </summary>
public sealed class EntryService(PublicCampaignCatalog catalog, IEntryStore entries, TimeProvider clock)
{
    /// <summary>Concurrent answers from one entrant to one activity race on one row; this many re-reads settle any sane burst.</summary>
    private const int MaxWriteRetries = 25;

    public async Task<RiddleAnswerResult> AnswerRiddleAsync(string campaignId, string riddleId, Entrant entrant, string answer,
        CancellationToken ct)
    {
        var (campaign, now) = await OpenCampaignAsync(campaignId, entrant, ct);
        var riddle = campaign.Riddles.FirstOrDefault(r => r.Id == riddleId)
                     ?? throw new ProblemException(Problem.NotFound("riddle", riddleId));
        var activity = campaign.Definition.Activities!.First(a => a.Id == riddle.ActivityId);
        var attemptLimit = activity.AttemptLimit ?? 3;
        var correct = AnswerMatcher.Matches(answer, riddle.Answers!);

        var pseudonym = Pseudonym.Of(campaign.Id, entrant.Id);
        var bucket = Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets);
        var rowKey = EntryRecord.Key(activity.Id!, entrant.Id);
        for (var attempt = 0; attempt < MaxWriteRetries; attempt++)
        {
            var existing = await entries.FindAsync(campaign.Id, bucket, rowKey, ct);
            var progress = RiddleProgress.Decode(existing?.Progress);
            var outcome = progress.Answer(riddle.Id!, correct, attemptLimit);
            if (outcome.Exhausted) throw new ProblemException(EntryProblems.AttemptsExhausted(riddle.Id!));
            if (!outcome.Changed) return Result(outcome, progress, activity);

            var entry = new EntryRecord
            {
                CampaignId = campaign.Id, Bucket = bucket, RowKey = rowKey, ActivityId = activity.Id!, Kind = "riddle",
                EntrantId = entrant.Id, Pseudonym = pseudonym, AcceptedAt = existing?.AcceptedAt ?? now,
                Progress = progress.Encode(), Weight = Math.Max(1, progress.CorrectCount), Value = progress.CorrectCount,
                ETag = existing?.ETag,
            };
            var written = existing is null ? await entries.TryInsertAsync(entry, ct) : await entries.TryReplaceAsync(entry, ct);
            if (written) return Result(outcome, progress, activity);
        }
        throw new ProblemException(EntryProblems.Busy());
    }

    private static RiddleAnswerResult Result(AnswerOutcome outcome, RiddleProgress progress, ActivityDefinition activity) =>
        new(outcome.Correct, outcome.AttemptsLeft, progress.CorrectCount, activity.MinCorrect ?? 1);

    private async Task<(Campaign Campaign, DateTimeOffset Now)> OpenCampaignAsync(string campaignId, Entrant entrant, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var now = clock.GetUtcNow();
        var status = campaign.StatusAt(now);
        if (status != CampaignStatus.Open)
            throw new ProblemException(EntryProblems.NotOpen(status.ToString().ToLowerInvariant(),
                campaign.OpensAt is { } o ? CampaignTime.Format(o, campaign.Zone) : null,
                campaign.ClosesAt is { } c ? CampaignTime.Format(c, campaign.Zone) : null));
        if (campaign.Definition.MembersOnly == true && !entrant.IsMember) throw new ProblemException(EntryProblems.MembersOnly());
        return (campaign, now);
    }
}

/// <summary>What an entrant learns from an answer: never the accepted answers themselves.</summary>
public sealed record RiddleAnswerResult(bool Correct, int AttemptsLeft, int CorrectSoFar, int CorrectNeeded);
