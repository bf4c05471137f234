using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Draws;
using FanRewards.Core.Fairness;
using FanRewards.Core.Tests.Fairness;

namespace FanRewards.Core.Tests.Draws;

public class RankOrderTests
{
    [Fact]
    public void Higher_score_ranks_first()
    {
        var better = new ScoredEntry("ff", 1, -0.1);
        var worse = new ScoredEntry("00", 1, -0.2);

        Assert.True(RankOrder.Instance.Compare(better, worse) < 0);
        Assert.True(RankOrder.Instance.Compare(worse, better) > 0);
        Assert.Equal([better, worse], new[] { worse, better }.Order(RankOrder.Instance));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_pseudonym_ordinal()
    {
        // A real tie: two entrants with bit-for-bit the same score (as two equal u with equal weights would give).
        var seed = DrawTestData.CountingSeed();
        var entries = DrawTestData.Entries(2);
        var score = DrawScoring.Score(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entries[0].Pseudonym, 1);
        var a = new ScoredEntry("3b" + new string('0', 62), 1, score);
        var b = new ScoredEntry("3a" + new string('f', 62), 4, score);
        // Ordinal, not culture: 'B' (0x42) sorts before 'a' (0x61) although a culture comparison says otherwise.
        var upper = new ScoredEntry("B", 1, score);
        var lower = new ScoredEntry("a", 1, score);

        Assert.True(RankOrder.Instance.Compare(b, a) < 0);
        Assert.True(RankOrder.Instance.Compare(a, b) > 0);
        Assert.True(RankOrder.Instance.Compare(upper, lower) < 0);
        Assert.Equal(0, RankOrder.Instance.Compare(a, a with { }));

        var top = new TopRanked(1);
        top.Add(a);
        top.Add(b);
        Assert.Equal(b, Assert.Single(top.Ranked()));
    }

    [Fact]
    public void Tied_entries_get_consecutive_ranks_in_pseudonym_order()
    {
        var tied = Enumerable.Range(0, 5).Select(i => new ScoredEntry($"p{4 - i}", 1, -0.5)).ToList();
        var ranked = DrawRanking.Assign(tied.Order(RankOrder.Instance).ToList(), [new DrawTier("x", 2)]);

        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], ranked.Select(r => r.Pseudonym));
        Assert.Equal([1, 2, 3, 4, 5], ranked.Select(r => r.Rank));
    }
}

public class TopRankedTests
{
    [Fact]
    public void Keeps_exactly_the_best_n_whatever_the_input_order()
    {
        var seed = DrawTestData.CountingSeed();
        var scored = DrawTestData.Scored(seed, DrawTestData.Entries(1000));
        var expected = scored.Order(RankOrder.Instance).Take(37).ToList();
        var random = new Random(20270212);

        for (var round = 0; round < 100; round++)
        {
            var top = new TopRanked(37);
            foreach (var entry in DrawTestData.Shuffled(scored, random)) top.Add(entry);

            Assert.Equal(expected, top.Ranked());
            Assert.Equal(1000, top.Seen);
            Assert.Equal(37, top.Capacity);
        }
    }

    [Fact]
    public void Keeps_the_best_in_ascending_and_descending_input_too()
    {
        var scored = DrawTestData.Scored(DrawTestData.SeedFor(3), DrawTestData.Entries(500));
        var ordered = scored.Order(RankOrder.Instance).ToList();
        foreach (var input in new[] { ordered, Enumerable.Reverse(ordered).ToList() })
        {
            var top = new TopRanked(10);
            foreach (var entry in input) top.Add(entry);
            Assert.Equal(ordered.Take(10), top.Ranked());
        }
    }

    [Fact]
    public void Memory_is_bounded_by_capacity_while_every_entry_is_counted()
    {
        var top = new TopRanked(5);
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            top.Add(new ScoredEntry(i.ToString("x8", CultureInfo.InvariantCulture), 1, -random.NextDouble()));
            Assert.True(top.Ranked().Count <= 5 || i % 10_000 != 0);
        }

        Assert.Equal(5, top.Ranked().Count);
        Assert.Equal(100_000, top.Seen);
    }

    [Fact]
    public void Fewer_entries_than_capacity_are_all_kept_in_rank_order()
    {
        var scored = DrawTestData.Scored(DrawTestData.CountingSeed(), DrawTestData.Entries(3));
        var top = new TopRanked(400);
        foreach (var entry in scored) top.Add(entry);

        Assert.Equal(scored.Order(RankOrder.Instance), top.Ranked());
        Assert.Equal(3, top.Seen);
    }

    [Fact]
    public void Zero_capacity_keeps_nothing_but_counts()
    {
        var top = new TopRanked(0);
        top.Add(new ScoredEntry("a", 1, -1));
        top.Add(new ScoredEntry("b", 1, -2));

        Assert.Empty(top.Ranked());
        Assert.Equal(2, top.Seen);
    }

    [Fact]
    public void Merging_shard_tops_gives_the_same_ranking_as_one_pass()
    {
        // The draw scans each entry partition as a shard that keeps only its top k+m, then merges them.
        var scored = DrawTestData.Scored(DrawTestData.SeedFor(11), DrawTestData.Entries(2000));
        var single = new TopRanked(50);
        foreach (var entry in scored) single.Add(entry);

        var shards = scored.GroupBy(e => FanRewards.Core.Entries.Pseudonym.BucketOf(e.Pseudonym, 16)).Select(g =>
        {
            var shard = new TopRanked(50);
            foreach (var entry in g) shard.Add(entry);
            return shard;
        }).ToList();
        var merged = new TopRanked(50);
        foreach (var entry in shards.SelectMany(s => s.Ranked())) merged.Add(entry);

        Assert.Equal(single.Ranked(), merged.Ranked());
        Assert.Equal(2000, shards.Sum(s => s.Seen));
    }
}

public class DrawRankingTests
{
    private static readonly DrawTier[] TwoThenThree = [new("travel-annual-pass", 2), new("health-checkup-card", 3)];

    [Fact]
    public void The_ranking_does_not_depend_on_the_order_entries_are_read_in()
    {
        var seed = DrawTestData.SeedFor(42);
        var entries = DrawTestData.Entries(800);
        var expected = DrawRanking.Rank(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entries, TwoThenThree, 10);
        var random = new Random(1);

        for (var round = 0; round < 30; round++)
            Assert.Equal(expected, DrawRanking.Rank(seed, DrawTestData.CampaignId, DrawTestData.DrawId, DrawTestData.Shuffled(entries, random), TwoThenThree, 10));
    }

    [Fact]
    public void The_ranking_equals_sorting_everything_by_the_rule()
    {
        var seed = DrawTestData.SeedFor(5);
        var entries = DrawTestData.Entries(300);
        var byHand = entries
            .Select(e => (e.Pseudonym, e.Weight, Score: Math.Log(DrawTestData.IndependentUniform(seed, DrawTestData.CampaignId, DrawTestData.DrawId, e.Pseudonym)) / e.Weight))
            .OrderByDescending(e => e.Score).ThenBy(e => e.Pseudonym, StringComparer.Ordinal)
            .Take(15).ToList();

        var ranked = DrawRanking.Rank(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entries, TwoThenThree, 10);

        Assert.Equal(byHand.Select(e => e.Pseudonym), ranked.Select(r => r.Pseudonym));
        Assert.Equal(byHand.Select(e => e.Score), ranked.Select(r => r.Score));
        Assert.Equal(byHand.Select(e => e.Weight), ranked.Select(r => r.Weight));
    }

    [Theory]
    [InlineData(1, 0, 3, 2)]
    [InlineData(5, 0, 5, 20)]
    [InlineData(2, 3, 10, 40)]
    [InlineData(0, 1, 400, 0)]
    public void Asking_for_more_winners_or_alternates_never_changes_earlier_ranks(int k, int m, int moreK, int moreM)
    {
        var seed = DrawTestData.SeedFor(9);
        var entries = DrawTestData.Entries(1000);

        var small = DrawRanking.Rank(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entries, [new DrawTier("a", k)], m);
        var large = DrawRanking.Rank(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entries, [new DrawTier("a", k + moreK)], m + moreM);

        Assert.Equal(k + m, small.Count);
        Assert.Equal(k + moreK + m + moreM, large.Count);
        Assert.Equal(small.Select(r => (r.Rank, r.Pseudonym, r.Weight, r.Score)), large.Take(small.Count).Select(r => (r.Rank, r.Pseudonym, r.Weight, r.Score)));
    }

    [Fact]
    public void Tiers_are_awarded_in_order_then_alternates()
    {
        var ranked = DrawRanking.Rank(DrawTestData.SeedFor(1), DrawTestData.CampaignId, DrawTestData.DrawId, DrawTestData.Entries(100), TwoThenThree, 4);

        Assert.Equal(
            ["travel-annual-pass", "travel-annual-pass", "health-checkup-card", "health-checkup-card", "health-checkup-card", null, null, null, null],
            ranked.Select(r => r.PrizeId));
        Assert.Equal(Enumerable.Range(1, 9), ranked.Select(r => r.Rank));
        Assert.Equal(ranked.OrderBy(r => r, Comparer<RankedEntry>.Create((a, b) => RankOrder.Instance.Compare(
            new ScoredEntry(a.Pseudonym, a.Weight, a.Score), new ScoredEntry(b.Pseudonym, b.Weight, b.Score)))), ranked);
    }

    [Fact]
    public void A_tier_with_no_prizes_is_skipped()
    {
        var ranked = Assign(6, [new("first", 0), new("second", 2), new("third", 0), new("fourth", 1), new("fifth", 0)]);

        Assert.Equal(["second", "second", "fourth", null, null, null], ranked.Select(r => r.PrizeId));
    }

    [Fact]
    public void Fewer_entries_than_winners_fill_the_first_tiers_only()
    {
        var ranked = DrawRanking.Rank(DrawTestData.SeedFor(2), DrawTestData.CampaignId, DrawTestData.DrawId, DrawTestData.Entries(3), TwoThenThree, 5);

        Assert.Equal(["travel-annual-pass", "travel-annual-pass", "health-checkup-card"], ranked.Select(r => r.PrizeId));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void No_tiers_makes_everyone_an_alternate_and_no_entries_an_empty_ranking()
    {
        Assert.All(Assign(3, []), r => Assert.Null(r.PrizeId));
        Assert.Empty(DrawRanking.Rank(DrawTestData.CountingSeed(), DrawTestData.CampaignId, DrawTestData.DrawId, [], TwoThenThree, 2));
    }

    private static IReadOnlyList<RankedEntry> Assign(int count, DrawTier[] tiers) =>
        DrawRanking.Assign(Enumerable.Range(0, count).Select(i => new ScoredEntry($"p{i}", 1, -i - 1.0)).ToList(), tiers);
}

public class EntrySetDigestTests
{
    private static string Independent(IEnumerable<DrawEntry> entries)
    {
        var text = string.Concat(entries.OrderBy(e => e.Pseudonym, StringComparer.Ordinal).Select(e => e.Pseudonym + "," + e.Weight + "\n"));
        return string.Concat(SHA256.HashData(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Digest_is_sha256_over_sorted_pseudonym_comma_weight_lines()
    {
        var entries = DrawTestData.Entries(1000);

        Assert.Equal(Independent(entries), EntrySetDigest.Of(entries.Select(e => (e.Pseudonym, e.Weight))));

        using var incremental = new EntrySetDigest();
        foreach (var e in entries.OrderBy(e => e.Pseudonym, StringComparer.Ordinal)) incremental.Append(e.Pseudonym, e.Weight);
        Assert.Equal(1000, incremental.Count);
        Assert.Equal(Independent(entries), incremental.Finish());
    }

    [Fact]
    public void Digest_of_a_known_set_matches_a_vector_computed_outside_dotnet()
    {
        // printf 'aa,1\nbb,1000\n' | sha256sum
        Assert.Equal("977c51b42185dd93d81e57bf2b6b826cbe2872d7704ef322a46d90981e348799", EntrySetDigest.Of([("bb", 1000), ("aa", 1)]));
    }

    [Fact]
    public void The_empty_set_has_the_digest_of_no_bytes() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", EntrySetDigest.Of([]));

    [Fact]
    public void Digest_does_not_depend_on_input_order_but_on_every_weight_and_member()
    {
        var entries = DrawTestData.Entries(50);
        var digest = EntrySetDigest.Of(entries.Select(e => (e.Pseudonym, e.Weight)));

        Assert.Equal(digest, EntrySetDigest.Of(DrawTestData.Shuffled(entries, new Random(3)).Select(e => (e.Pseudonym, e.Weight))));
        Assert.NotEqual(digest, EntrySetDigest.Of(entries.Select((e, i) => (e.Pseudonym, i == 7 ? e.Weight + 1 : e.Weight))));
        Assert.NotEqual(digest, EntrySetDigest.Of(entries.Skip(1).Select(e => (e.Pseudonym, e.Weight))));
    }

    [Fact]
    public void Append_refuses_unsorted_input()
    {
        using var digest = new EntrySetDigest();
        digest.Append("bb", 1);

        Assert.Throws<InvalidOperationException>(() => digest.Append("aa", 1));
    }

    [Fact]
    public void Append_and_Of_refuse_a_repeated_pseudonym()
    {
        using var digest = new EntrySetDigest();
        digest.Append("aa", 1);

        Assert.Throws<InvalidOperationException>(() => digest.Append("aa", 2));
        Assert.Throws<InvalidOperationException>(() => EntrySetDigest.Of([("aa", 1), ("bb", 1), ("aa", 1)]));
    }

    [Fact]
    public void Sorting_is_ordinal_not_cultural()
    {
        using var digest = new EntrySetDigest();
        digest.Append("B", 1);
        digest.Append("a", 1); // 'B' = 0x42 < 'a' = 0x61

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("B,1\na,1\n"u8)), digest.Finish());
    }
}
