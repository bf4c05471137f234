using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Fraud;

/// <summary>
/// The review from the entry-time aggregates (<see cref="SignalTally"/>): the hot marks, then the rows of each hot
/// subject, then the fast riddlers; the same detectors then run over the items read, so a finding (its id, entrants,
/// times) is the one a read of every entry would give, as long as no row overflowed its item list. What it reads grows
/// with the hot subjects and the fast riddlers, never with the ordinary entries.
/// </summary>
public static class AggregateFindings
{
    private const int Parallelism = 8;

    /// <summary>The findings and how many items were read.</summary>
    public static async Task<(IReadOnlyList<ClusterFinding> Findings, int ItemsRead)> ReadAsync(ISignalAggregateStore store, Campaign campaign,
        CancellationToken ct)
    {
        var hot = await store.ListHotAsync(campaign.Id, ct);
        var rows = new List<SignalRow>[hot.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, hot.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) => rows[i] = [.. await store.ReadSubjectAsync(campaign.Id, hot[i].Kind, hot[i].Subject, token)]);
        var riddlers = await store.ListFastRiddlersAsync(campaign.Id, ct);
        var all = rows.SelectMany(r => r).ToList();
        var thresholds = campaign.Model.FraudReview;
        var findings = ClusterDetectors.NetworkBursts(EntriesOf(campaign, all, SignalKind.Network), thresholds)
            .Concat(FastRiddles(riddlers, thresholds))
            .Concat(ClusterDetectors.LikeBursts(EntriesOf(campaign, all, SignalKind.Like), thresholds))
            .Concat(SimilarTexts.Clusters(EntriesOf(campaign, all, SignalKind.Text), thresholds))
            .OrderByDescending(f => f.Entrants.Count).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        return (findings, all.Sum(r => r.Items.Count) + riddlers.Count);
    }

    /// <summary>The items of one kind as the entries the detectors look at (only the columns they use).</summary>
    private static List<EntryRecord> EntriesOf(Campaign campaign, List<SignalRow> rows, SignalKind kind)
    {
        var entries = new List<EntryRecord>();
        foreach (var row in rows.Where(r => r.Kind == kind))
        {
            var parts = row.Subject.Split('|');
            foreach (var item in row.Items)
            {
                var entry = new EntryRecord
                {
                    CampaignId = campaign.Id, Bucket = 0, RowKey = "", ActivityId = kind == SignalKind.Network ? "" : parts[0],
                    Kind = kind switch { SignalKind.Like => ActivityKind.Like, SignalKind.Text => ActivityKind.Message, _ => ActivityKind.Riddle },
                    EntrantId = item.EntrantId, Pseudonym = item.Pseudonym, AcceptedAt = item.At,
                    NetworkSignal = kind switch { SignalKind.Network => row.Subject, SignalKind.Like => parts[2], _ => null },
                    CandidateId = kind == SignalKind.Like ? parts[1] : null, Text = item.Text,
                };
                entries.Add(entry);
            }
        }
        // A text is in a row per band: once is enough.
        return kind == SignalKind.Text
            ? entries.DistinctBy(e => (e.ActivityId, e.Pseudonym)).ToList()
            : entries;
    }

    /// <summary>Fast riddlers per activity, as <see cref="ClusterDetectors.FastRiddles"/> words them.</summary>
    private static IEnumerable<ClusterFinding> FastRiddles(IReadOnlyList<FastRiddler> riddlers, FraudThresholds thresholds)
    {
        foreach (var activity in riddlers.GroupBy(r => r.ActivityId, StringComparer.Ordinal))
        {
            // Decided under the thresholds of when the answers came: thresholds tightened since are applied again here.
            var suspects = activity.Where(r => StillFast(r, thresholds)).ToList();
            if (suspects.Count == 0) continue;
            yield return new ClusterFinding(ClusterDetectors.StableId(ClusterKind.FastRiddles, activity.Key), ClusterKind.FastRiddles, null,
                activity.Key, null, suspects.Select(r => new SuspectEntrant(r.EntrantId, r.Pseudonym, r.First)).ToList(),
                suspects.SelectMany(r => r.Times).ToList(),
                $"{thresholds.FastRiddleCount} riddles answered right in under {thresholds.FastRiddleWindow.TotalSeconds:0} seconds");
        }
    }

    private static bool StillFast(FastRiddler riddler, FraudThresholds thresholds) =>
        ClusterDetectors.FastestRun([.. riddler.Times.Order()], thresholds.FastRiddleCount) is { } run && run.Span < thresholds.FastRiddleWindow;
}
