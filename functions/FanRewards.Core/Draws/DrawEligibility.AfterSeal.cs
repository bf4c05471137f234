using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Draws;

/// <summary>A ranked entrant taken out after the seal: why ("disqualified" or "rejected"), by whom when known, and when.</summary>
public sealed record Withdrawal(AwardStatus Reason, Admins.AdminRef By, DateTimeOffset At);

/// <summary>
/// Decisions made after the seal: they never change the sealed set, but at award time a ranked entrant disqualified
/// since, or every one of whose counting entries has been rejected since, does not receive a prize; it passes on.
/// </summary>
public sealed partial class DrawEligibility
{
    /// <summary>The ranked entrants taken out after the draw's cutoff, by pseudonym.</summary>
    public async Task<IReadOnlyDictionary<string, Withdrawal>> WithdrawnAfterSealAsync(Campaign campaign, DrawRecord draw,
        IReadOnlyList<RankedEntry> ranking, CancellationToken ct)
    {
        var definition = campaign.Draws.First(d => d.Id == draw.DrawId);
        var cutoff = CutoffOf(campaign, definition);
        var ranked = ranking.Select(r => r.Pseudonym).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, Withdrawal>(StringComparer.Ordinal);
        foreach (var d in await disqualified.ListAsync(campaign.Id, ct))
            if (d.At > cutoff && ranked.Contains(d.Pseudonym)) result[d.Pseudonym] = new Withdrawal(AwardStatus.Disqualified, d.By, d.At);
        if (!campaign.Model.AllowMultipleWins)
        {
            // One win per campaign is the entrant's one-win marker, which every award takes with it: a prize won first
            // come, judged or in another draw after the cutoff makes this draw's award find it taken (DrawWinnerAwards).
            // A top-N place or a prize passed on to an alternate since is recorded here as taking the entrant out after
            // the seal. Found by the ranked entrants' markers and the awards they name: point reads that grow with the
            // ranking being decided, not with the campaign's awards (every first-come unit ever given).
            foreach (var (pseudonym, award) in await WinsElsewhereAsync(campaign.Id, draw.DrawId, ranked.Where(p => !result.ContainsKey(p)), ct))
            {
                if (award is { Mode: AwardedBy.TopN or AwardedBy.DrawAlternate } && award.AwardedAt > cutoff && award.DrawId != draw.DrawId)
                    result[pseudonym] = new Withdrawal(AwardStatus.AlreadyWon, Awards.PrizePasses.OneWinRule, award.AwardedAt);
            }
        }
        // Only moderated texts can be rejected: a draw fed by none reads no entries here.
        if (!definition.Activities.OfType<TextActivity>().Any()) return result;
        var activityIds = definition.Activities.Select(a => a.Id).ToList();
        foreach (var pseudonym in ranked.Where(p => !result.ContainsKey(p)))
        {
            var mine = await entries.ListForEntrantAsync(campaign.Id, Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), pseudonym, activityIds, ct);
            var counted = mine.Where(e => e.AcceptedAt <= cutoff && definition.Activities.FirstOrDefault(a => a.Id == e.ActivityId) is { } activity
                && WeightOf(activity, e, cutoff) is > 0).ToList();
            var rejectedSince = counted.Where(e => e.Kind is ActivityKind.Message or ActivityKind.Reflection && e.Status == EntryStatus.Rejected).ToList();
            if (counted.Count > 0 && rejectedSince.Count == counted.Count)
                result[pseudonym] = new Withdrawal(AwardStatus.Rejected, new Admins.AdminRef(null, "moderation"), rejectedSince.Max(e => e.DecidedAt ?? cutoff));
        }
        return result;
    }

    /// <summary>Reads in flight at once: a ranking of hundreds takes a few round trips, without a burst on the partition.</summary>
    private const int MarkerReadsAtOnce = 16;

    /// <summary>
    /// The award each of <paramref name="pseudonyms"/> won here, by their one-win markers: one point read each, and one
    /// more for a marker held by an award of another draw or activity (a marker of this draw's own award is skipped).
    /// </summary>
    private async Task<IReadOnlyList<(string Pseudonym, Award Award)>> WinsElsewhereAsync(string campaignId, string drawId, IEnumerable<string> pseudonyms,
        CancellationToken ct)
    {
        // This draw's awards are "draw-{drawId}-{rank:D6}" (those of a draw "{drawId}-2" go on with "2-…").
        var ownAwards = $"draw-{drawId}-";
        bool IsOwn(string awardId) => awardId.StartsWith(ownAwards, StringComparison.Ordinal) && awardId.Length > ownAwards.Length
            && !awardId.AsSpan(ownAwards.Length).ContainsAnyExceptInRange('0', '9');
        var found = new System.Collections.Concurrent.ConcurrentBag<(string, Award)>();
        await Parallel.ForEachAsync(pseudonyms, new ParallelOptions { MaxDegreeOfParallelism = MarkerReadsAtOnce, CancellationToken = ct },
            async (pseudonym, token) =>
            {
                if (await awards.FindWinAsync(campaignId, pseudonym, token) is not { } awardId || IsOwn(awardId)) return;
                if (await awards.FindAsync(campaignId, awardId, token) is { } award) found.Add((pseudonym, award));
            });
        return [.. found];
    }
}
