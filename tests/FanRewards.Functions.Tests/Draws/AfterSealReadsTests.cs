using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Draws;
using FanRewards.Core.Outbox;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>
/// The merge's check of who won elsewhere after the seal reads the ranked entrants' one-win markers, not the campaign's
/// awards (#11): the same requests and rows beside 2,000 first-come awards as beside none, and the same entrants taken out.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AfterSealReadsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Cutoff = DrawScenario.Start.AddHours(8); // the "evening" draw's time

    [Fact]
    public async Task Who_won_a_top_n_place_or_a_passed_prize_since_the_cutoff_is_found_by_point_reads_that_do_not_grow_with_the_awards()
    {
        var requests = new StorageRequestCounter();
        var s = await DrawScenario.CreateAsync(azurite, requests: requests);
        var campaign = await s.PublishAsync("after-seal", 1);
        var draw = new DrawRecord
        {
            CampaignId = campaign.Id, DrawId = "evening", At = Cutoff, State = DrawState.Running, Seed = new byte[32], Commitment = "c", Shards = 16,
        };
        // Ranks 1–5 win (3 passes, 2 tickets), 6–9 are alternates.
        var ranking = Enumerable.Range(1, 9).Select(r => new RankedEntry(r, Ranked(r), 1, -r, r <= 3 ? "pass" : r <= 5 ? "ticket" : null)).ToList();
        var eligibility = new DrawEligibility(new TableEntryStore(s.Tables), s.Disqualified, s.Awards, s.Draws);

        await WinAsync(s, campaign.Id, Ranked(1), $"draw-evening-{1:D6}", AwardedBy.Draw, Cutoff.AddMinutes(1), "evening"); // an earlier run of this merge
        await WinAsync(s, campaign.Id, Ranked(2), $"draw-evening-2-{7:D6}", AwardedBy.DrawAlternate, Cutoff.AddMinutes(2), "evening-2"); // taken out
        await WinAsync(s, campaign.Id, Ranked(3), "first-come-cap-0000001", AwardedBy.FirstCome, Cutoff.AddMinutes(3), null); // the marker decides at award time
        await WinAsync(s, campaign.Id, Ranked(7), $"topN-likes-{1:D6}", AwardedBy.TopN, Cutoff.AddMinutes(7), null); // taken out
        await WinAsync(s, campaign.Id, Ranked(8), $"topN-likes-{2:D6}", AwardedBy.TopN, Cutoff.AddMinutes(-1), null); // by the cutoff: not after the seal

        requests.Reset();
        var alone = await eligibility.WithdrawnAfterSealAsync(campaign, draw, ranking, CancellationToken.None);
        var (reads, rows) = (requests.Reads, requests.RowsRead);

        Assert.Equal([(Ranked(2), Cutoff.AddMinutes(2)), (Ranked(7), Cutoff.AddMinutes(7))],
            alone.Where(w => w.Value.Reason == AwardStatus.AlreadyWon).OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value.At)));
        // The disqualifications, nine markers, and the awards four of them name outside this draw.
        Assert.InRange(reads, 1, 14);

        await FirstComeAwardsAsync(s, campaign.Id, 2000);
        requests.Reset();
        var beside = await eligibility.WithdrawnAfterSealAsync(campaign, draw, ranking, CancellationToken.None);

        Assert.Equal(alone.OrderBy(w => w.Key, StringComparer.Ordinal), beside.OrderBy(w => w.Key, StringComparer.Ordinal));
        Assert.Equal((reads, rows), (requests.Reads, requests.RowsRead));
    }

    private static string Ranked(int rank) => $"r{rank:D63}";

    /// <summary>An award with its one-win marker, as the award store writes every award of a one-win campaign.</summary>
    private static async Task WinAsync(DrawScenario s, string campaignId, string pseudonym, string awardId, AwardedBy mode, DateTimeOffset at, string? drawId)
    {
        var award = new Award
        {
            CampaignId = campaignId, AwardId = awardId, PrizeId = "pass", ActivityId = "riddles", Pseudonym = pseudonym, EntrantId = "fan-" + pseudonym[^3..],
            Mode = mode, AwardedAt = at, DrawId = drawId,
        };
        Assert.Empty(await s.Awards.EnsureAwardsAsync([(award, new OutboxEvent(campaignId, $"awarded-{awardId}", EventTypes.WinnerAwarded, at, ""))],
            oneWinPerEntrant: true, CancellationToken.None));
    }

    /// <summary>First-come awards of other entrants, each with its marker: the history the check must not read.</summary>
    private static async Task FirstComeAwardsAsync(DrawScenario s, string campaignId, int count)
    {
        var rows = Enumerable.Range(1, count).SelectMany(i => new[]
        {
            new TableEntity(campaignId, $"award:first-come-cap-{i + 1:D7}")
            {
                ["AwardId"] = $"first-come-cap-{i + 1:D7}", ["PrizeId"] = "cap", ["ActivityId"] = "likes", ["Pseudonym"] = $"f{i:D63}",
                ["EntrantId"] = $"fan-{i}", ["Mode"] = "first-come", ["AwardedAt"] = Cutoff.AddSeconds(i), ["Status"] = "awarded", ["Unit"] = i + 1,
            },
            new TableEntity(campaignId, $"winner:f{i:D63}") { ["AwardId"] = $"first-come-cap-{i + 1:D7}" },
        });
        foreach (var chunk in rows.Chunk(100))
            await s.Tables.Awards.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
    }
}
