using System.Globalization;
using System.Text;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Fraud;

/// <summary>
/// Identical or near-identical message texts. A text is normalised (NFKC, lower case, letters and digits only), cut
/// into character 3-shingles, and two texts are alike when the Jaccard index of their shingles reaches the threshold.
/// Pairs worth comparing are found with MinHash and banding (locality-sensitive hashing), so the work grows with the
/// number of texts, not its square; identical texts fall into the same bands at once.
/// </summary>
public static class SimilarTexts
{
    /// <summary>Shorter normalised texts ("加油！") are said alike by honest people all the time: not evidence.</summary>
    public const int MinTextLength = 10;

    private const int ShingleLength = 3;
    private const int Bands = 5;
    private const int Rows = 4;

    public static IEnumerable<ClusterFinding> Clusters(IReadOnlyList<EntryRecord> entries, FraudThresholds thresholds)
    {
        var texts = entries.Where(e => e.Kind is ActivityKind.Message or ActivityKind.Reflection && e.Text is not null)
            .Select(e => (Entry: e, Normal: Normalise(e.Text ?? ""))).Where(t => t.Normal.Length >= MinTextLength);
        foreach (var activity in texts.GroupBy(t => t.Entry.ActivityId, StringComparer.Ordinal))
        {
            var items = activity.Select(t => (t.Entry, t.Normal, Shingles: ShinglesOf(t.Normal))).ToList();
            var groups = new UnionFind(items.Count);
            foreach (var band in Enumerable.Range(0, Bands))
            {
                var firstInBucket = new Dictionary<ulong, int>();
                for (var i = 0; i < items.Count; i++)
                {
                    var key = BandKey(items[i].Shingles, band);
                    if (!firstInBucket.TryGetValue(key, out var first)) firstInBucket[key] = i;
                    else if (Jaccard(items[first].Shingles, items[i].Shingles) >= thresholds.SimilarTextJaccard) groups.Union(first, i);
                }
            }
            foreach (var members in Enumerable.Range(0, items.Count).GroupBy(groups.Find))
            {
                var found = members.Select(i => items[i]).ToList();
                if (found.Select(f => f.Entry.Pseudonym).Distinct(StringComparer.Ordinal).Count() < thresholds.SimilarTextEntrants) continue;
                var key = $"{activity.Key}|{found.Select(f => f.Normal).Min(StringComparer.Ordinal)}";
                var sample = found.OrderBy(f => f.Entry.AcceptedAt).First().Normal;
                yield return new ClusterFinding(ClusterDetectors.StableId(ClusterKind.SimilarText, key), ClusterKind.SimilarText, null,
                    activity.Key, null, found.Select(f => ClusterDetectors.Suspect(f.Entry)).ToList(), found.Select(f => f.Entry.AcceptedAt).ToList(),
                    $"{found.Count} texts at least {thresholds.SimilarTextJaccard:P0} alike, e.g. \"{(sample.Length > 40 ? sample[..40] + "…" : sample)}\"");
            }
        }
    }

    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
            if (char.IsLetterOrDigit(c)) builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    public static HashSet<ulong> ShinglesOf(string normal)
    {
        var shingles = new HashSet<ulong>();
        for (var i = 0; i + ShingleLength <= normal.Length; i++) shingles.Add(Fnv(normal.AsSpan(i, ShingleLength)));
        return shingles;
    }

    public static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        var common = a.Count <= b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    /// <summary>The band keys of a normal text: two texts alike enough share at least one, most likely (what the entry-time aggregates key texts by).</summary>
    public static IReadOnlyList<ulong> BandKeysOf(string normal)
    {
        var shingles = ShinglesOf(normal);
        return Enumerable.Range(0, Bands).Select(band => BandKey(shingles, band)).ToList();
    }

    /// <summary>One band of the MinHash signature: <see cref="Rows"/> minimum hashes under seeds of their own, combined.</summary>
    private static ulong BandKey(HashSet<ulong> shingles, int band)
    {
        var key = 14695981039346656037UL;
        for (var row = 0; row < Rows; row++)
        {
            var seed = (ulong)(band * Rows + row + 1) * 0x9E3779B97F4A7C15UL;
            var min = ulong.MaxValue;
            foreach (var shingle in shingles) min = Math.Min(min, Mix(shingle ^ seed));
            key = (key ^ min) * 1099511628211UL;
        }
        return key;
    }

    private static ulong Fnv(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }

    /// <summary>SplitMix64's finaliser: spreads every input bit over the output.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private sealed class UnionFind(int count)
    {
        private readonly int[] _parent = Enumerable.Range(0, count).ToArray();

        public int Find(int i)
        {
            while (_parent[i] != i) i = _parent[i] = _parent[_parent[i]];
            return i;
        }

        public void Union(int a, int b) => _parent[Find(a)] = Find(b);
    }
}
