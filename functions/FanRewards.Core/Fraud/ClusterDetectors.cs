using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Fraud;

/// <summary>
/// The rules that call entries suspicious, over entries already read (no I/O): each is a sort and a sliding window per
/// group, so the work grows with the entries, never with their square. Similar texts are in <see cref="SimilarTexts"/>.
/// </summary>
public static class ClusterDetectors
{
    /// <summary>Many entrants from one network in a short window: each entrant counted once, at their first entry from it.</summary>
    public static IEnumerable<ClusterFinding> NetworkBursts(IReadOnlyList<EntryRecord> entries, FraudThresholds thresholds)
    {
        foreach (var network in entries.Where(e => e.NetworkSignal is not null).GroupBy(e => e.NetworkSignal ?? "", StringComparer.Ordinal))
        {
            var firsts = network.GroupBy(e => e.Pseudonym, StringComparer.Ordinal)
                .Select(g => g.MinBy(e => e.AcceptedAt) ?? g.First()).OrderBy(e => e.AcceptedAt).ToList();
            var flagged = Dense(firsts, e => e.AcceptedAt, thresholds.NetworkEntrants, thresholds.NetworkWindow);
            if (flagged.Count == 0) continue;
            yield return new ClusterFinding(StableId(ClusterKind.NetworkBurst, network.Key), ClusterKind.NetworkBurst, network.Key, null, null,
                flagged.Select(Suspect).ToList(), flagged.Select(e => e.AcceptedAt).ToList(),
                $"{flagged.Count} entrants from one network within {thresholds.NetworkWindow.TotalMinutes:0} minutes or less of each other");
        }
    }

    /// <summary>Riddle sets answered faster than a person can read them: that many right answers within the window.</summary>
    public static IEnumerable<ClusterFinding> FastRiddles(IReadOnlyList<EntryRecord> entries, FraudThresholds thresholds)
    {
        foreach (var activity in entries.Where(e => e is { Kind: ActivityKind.Riddle, Progress: not null }).GroupBy(e => e.ActivityId, StringComparer.Ordinal))
        {
            var suspects = new List<SuspectEntrant>();
            var times = new List<DateTimeOffset>();
            foreach (var entry in activity)
            {
                // Rows from before answers had times decode at the minimum and say nothing about speed.
                var right = RiddleProgress.Decode(entry.Progress, DateTimeOffset.MinValue).Riddles.Values
                    .Where(r => r.Correct && r.AnsweredAt != DateTimeOffset.MinValue).Select(r => r.AnsweredAt).Order().ToList();
                var fastest = FastestRun(right, thresholds.FastRiddleCount);
                if (fastest is not { } run || run.Span >= thresholds.FastRiddleWindow) continue;
                suspects.Add(new SuspectEntrant(entry.EntrantId, entry.Pseudonym, run.First));
                times.AddRange(right);
            }
            if (suspects.Count == 0) continue;
            yield return new ClusterFinding(StableId(ClusterKind.FastRiddles, activity.Key), ClusterKind.FastRiddles, null, activity.Key, null,
                suspects, times,
                $"{thresholds.FastRiddleCount} riddles answered right in under {thresholds.FastRiddleWindow.TotalSeconds:0} seconds");
        }
    }

    /// <summary>Likes for one candidate in a burst from one network.</summary>
    public static IEnumerable<ClusterFinding> LikeBursts(IReadOnlyList<EntryRecord> entries, FraudThresholds thresholds)
    {
        var likes = entries.Where(e => e is { Kind: ActivityKind.Like, CandidateId: not null, NetworkSignal: not null })
            .GroupBy(e => (e.ActivityId, Candidate: e.CandidateId ?? "", Network: e.NetworkSignal ?? ""));
        foreach (var group in likes)
        {
            var flagged = Dense(group.OrderBy(e => e.AcceptedAt).ToList(), e => e.AcceptedAt, thresholds.LikeBurstLikes, thresholds.LikeBurstWindow);
            if (flagged.Count == 0) continue;
            var key = $"{group.Key.ActivityId}|{group.Key.Candidate}|{group.Key.Network}";
            yield return new ClusterFinding(StableId(ClusterKind.LikeBurst, key), ClusterKind.LikeBurst, group.Key.Network, group.Key.ActivityId,
                group.Key.Candidate, flagged.GroupBy(e => e.Pseudonym, StringComparer.Ordinal).Select(g => Suspect(g.First())).ToList(),
                flagged.Select(e => e.AcceptedAt).ToList(),
                $"{flagged.Count} likes for one candidate from one network within {thresholds.LikeBurstWindow.TotalMinutes:0} minutes or less of each other");
        }
    }

    /// <summary>An id that stays the same on the next read: the kind and what the cluster is about, hashed.</summary>
    public static string StableId(ClusterKind kind, string key) =>
        $"{Json.WireName.Of(kind)}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12]}";

    internal static SuspectEntrant Suspect(EntryRecord entry) => new(entry.EntrantId, entry.Pseudonym, entry.AcceptedAt);

    /// <summary>
    /// The items (sorted by time) that lie in some window of at most <paramref name="window"/> holding at least
    /// <paramref name="min"/> of them; one pass with two pointers.
    /// </summary>
    internal static List<T> Dense<T>(IReadOnlyList<T> sorted, Func<T, DateTimeOffset> at, int min, TimeSpan window)
    {
        var flagged = new List<T>();
        var (left, flaggedUpTo) = (0, -1);
        for (var right = 0; right < sorted.Count; right++)
        {
            while (at(sorted[right]) - at(sorted[left]) > window) left++;
            if (right - left + 1 < min) continue;
            for (var i = Math.Max(left, flaggedUpTo + 1); i <= right; i++) flagged.Add(sorted[i]);
            flaggedUpTo = right;
        }
        return flagged;
    }

    /// <summary>The shortest span holding <paramref name="count"/> consecutive times of a sorted list; null with fewer.</summary>
    internal static (DateTimeOffset First, TimeSpan Span)? FastestRun(List<DateTimeOffset> sorted, int count)
    {
        (DateTimeOffset, TimeSpan)? best = null;
        for (var i = 0; i + count - 1 < sorted.Count; i++)
        {
            var span = sorted[i + count - 1] - sorted[i];
            if (best is not { } b || span < b.Item2) best = (sorted[i], span);
        }
        return best;
    }
}
