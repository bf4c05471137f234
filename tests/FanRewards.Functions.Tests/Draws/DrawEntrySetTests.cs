using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>
/// The stored entry set when every shard writes many chunks: the merge reads them ahead while it digests (see
/// <see cref="TableDrawStore.ReadEntrySetAsync"/>), and the set, its digest and the ranking must still be exactly
/// what a verifier computes from the entries.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DrawEntrySetTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_set_of_many_chunks_per_shard_is_merged_in_order_and_digested_as_a_verifier_does()
    {
        // Three entries a chunk: about a hundred chunks over sixteen shards, several per shard, so the merge's
        // read-ahead crosses chunk boundaries everywhere.
        var scenario = await DrawScenario.CreateAsync(azurite, new DrawOptions { ChunkSize = 3 });
        var service = scenario.Service;
        var campaign = await scenario.PublishAsync("chunks", draws: 1);
        var weights = await scenario.EnterAsync(campaign, 300);
        scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);

        Assert.Equal(1, await service.TickAsync(CancellationToken.None));
        await scenario.Queue.DeliverAllAsync(service);

        var expected = weights.Where(w => w.Value > 0)
            .Select(w => new DrawEntry(Pseudonym.Of("chunks", w.Key), w.Value))
            .OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToList();
        var merged = new List<DrawEntry>();
        await foreach (var entry in scenario.Draws.ReadEntrySetAsync("chunks", "evening", 16, CancellationToken.None)) merged.Add(entry);
        Assert.Equal(expected, merged);
        Assert.Equal(expected, await scenario.ReadWholeEntrySetAsync("chunks", "evening"));

        var proof = await scenario.ProofAsync("chunks", "evening");
        Assert.Equal("drawn", proof.State);
        Assert.Equal(EntrySetDigest.Of(expected.Select(e => (e.Pseudonym, e.Weight))), proof.EntrySetDigest);
        Assert.Equal(expected.Count, proof.EntryCount);
        Assert.Equal(DrawRanking.Rank(Convert.FromHexString(proof.Seed!), "chunks", "evening", expected, proof.Tiers, proof.Alternates),
            proof.Ranking);
        var shards = await scenario.Draws.ListShardResultsAsync("chunks", "evening", 16, includeTop: false, DrawPhase.Seal, CancellationToken.None);
        Assert.True(expected.Count > 3 * 16 * 2, "at least two chunks a shard on average");
        Assert.Equal(expected.Count, shards.Sum(s => s.Eligible));
    }

    [Fact]
    public async Task The_merge_of_a_draw_with_no_eligible_entries_digests_the_empty_set()
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync("empty", draws: 1);
        scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);

        await scenario.Service.TickAsync(CancellationToken.None);
        await scenario.Queue.DeliverAllAsync(scenario.Service);

        var proof = await scenario.ProofAsync("empty", "evening");
        Assert.Equal("drawn", proof.State);
        Assert.Equal(EntrySetDigest.Of([]), proof.EntrySetDigest);
        Assert.Equal(0, proof.EntryCount);
        Assert.Empty(proof.Ranking);
    }
}
