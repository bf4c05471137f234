using System.Security.Cryptography;
using System.Text;

namespace FanRewards.Core.Draws;

/// <summary>One eligible entrant of a draw: their pseudonym, their tickets, and the score the seed gives them.</summary>
public sealed record ScoredEntry(string Pseudonym, int Weight, double Score)
{
    /// <summary>Carried from a shard to the merge for the organiser's export; not part of the public result.</summary>
    public string? EntrantId { get; init; }
}

/// <summary>The draw's order: score descending, then pseudonym ascending (ordinal). Rank 1 is the first element.</summary>
public sealed class RankOrder : IComparer<ScoredEntry>
{
    public static readonly RankOrder Instance = new();

    public int Compare(ScoredEntry? x, ScoredEntry? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        var byScore = y.Score.CompareTo(x.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(x.Pseudonym, y.Pseudonym);
    }
}

/// <summary>
/// Keeps the best <see cref="Capacity"/> entries of a stream in memory O(capacity), whatever order they come in:
/// the reason a shard only has to hand its top k+m to the merge, and the merge's memory does not grow with N.
/// </summary>
public sealed class TopRanked(int capacity)
{
    // Max-heap on rank order (the worst kept entry on top), so a better newcomer replaces it in O(log capacity).
    private readonly PriorityQueue<ScoredEntry, ScoredEntry> _kept = new(Comparer<ScoredEntry>.Create((a, b) => RankOrder.Instance.Compare(b, a)));

    public int Capacity { get; } = capacity;
    public long Seen { get; private set; }

    public void Add(ScoredEntry entry)
    {
        Seen++;
        if (Capacity == 0) return;
        if (_kept.Count < Capacity) _kept.Enqueue(entry, entry);
        else if (RankOrder.Instance.Compare(entry, _kept.Peek()) < 0) _kept.EnqueueDequeue(entry, entry);
    }

    /// <summary>The kept entries in rank order (rank 1 first).</summary>
    public IReadOnlyList<ScoredEntry> Ranked() => _kept.UnorderedItems.Select(i => i.Element).Order(RankOrder.Instance).ToList();
}

/// <summary>
/// Lowercase hex SHA-256 over the UTF-8 lines "pseudonym,weight\n", sorted by pseudonym (ordinal): the fingerprint of
/// the eligible entry set, published before the seed is revealed. Entries must be appended in that order.
/// </summary>
public sealed class EntrySetDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _last;

    public long Count { get; private set; }

    public void Append(string pseudonym, int weight)
    {
        if (_last is not null && string.CompareOrdinal(_last, pseudonym) >= 0)
            throw new InvalidOperationException($"Entries must come sorted by pseudonym without repeats; '{pseudonym}' followed '{_last}'.");
        _hash.AppendData(Encoding.UTF8.GetBytes($"{pseudonym},{weight}\n"));
        _last = pseudonym;
        Count++;
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public static string Of(IEnumerable<(string Pseudonym, int Weight)> entries)
    {
        using var digest = new EntrySetDigest();
        foreach (var (pseudonym, weight) in entries.OrderBy(e => e.Pseudonym, StringComparer.Ordinal)) digest.Append(pseudonym, weight);
        return digest.Finish();
    }

    public void Dispose() => _hash.Dispose();
}
