using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Fraud;
using FanRewards.Storage;
using static FanRewards.Functions.Tests.Support.DrawScenario;
using static FanRewards.Functions.Tests.Support.FraudReviews;

namespace FanRewards.Functions.Tests.Fraud;

/// <summary>
/// Issue #14's planted ring on Azurite, through the real entry path (signals hashed under the campaign's key): 200
/// accounts on 3 networks answering five riddles in seconds and liking one candidate, among 5,000 ordinary entrants
/// spread over 2,500 networks and a working day. The ring is flagged, at most 1 % of the ordinary entrants are, and
/// disqualifying the ring's clusters takes its likes off the leaderboard exactly once (the bulk request retried and run
/// twice at once) and its entries out of the draw. The review reads the entry-time aggregates, and marks the ring
/// disqualified afterwards.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FraudRingTests(AzuriteFixture azurite)
{
    private const int Ordinary = 5_000;
    private const int Ring = 200;
    private static readonly string[] RingNetworks = ["203.0.113", "198.51.100", "192.0.2"];
    private static readonly string[] Candidates = ["c1", "c2", "c3", "c4", "c5"];

    [Fact]
    public async Task A_planted_ring_is_flagged_and_disqualifying_it_removes_its_likes_and_its_entries_from_the_draw()
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync("ring", draws: 1, c => Candidates.Aggregate(
            c.WithRiddle("r3", "日月同辉", ["明"]).WithRiddle("r4", "一人一张口", ["合"]).WithRiddle("r5", "半部春秋", ["秦"])
                .WithLikeActivity("likes", TestCampaign.ByDraw()), (t, id) => t.WithCandidate(id, "劳模" + id)));
        var ordinary = await EnterOrdinaryAsync(scenario, campaign);
        var ring = await EnterRingAsync(scenario, campaign);
        await scenario.Figures.FlushAsync(CancellationToken.None);
        await scenario.Signals.FlushAsync(CancellationToken.None);
        var board = new TableFigureStore(scenario.Tables);
        var before = await LikesAsync(board);
        Assert.Equal(Ring + ordinary.Count(o => o.Value == "c1"), before["c1"]);

        var review = FraudReviews.Of(scenario);
        var report = await review.GetAsync(campaign.Id, CancellationToken.None);
        // From the entry-time aggregates: the ring's network, like and riddle items, not the 10,000 ordinary entries.
        Assert.Equal(FraudReview.FromAggregates, report.Source);
        Assert.InRange(report.EntriesRead, Ring, Ring * 4);
        var flagged = report.Clusters.SelectMany(c => c.Entrants).Select(e => e.Pseudonym).ToHashSet();
        var ringPrefixes = ring.Select(id => Prefix(campaign, id)).ToHashSet();
        Assert.Subset(flagged, ringPrefixes); // the whole ring
        Assert.True(flagged.Count(p => !ringPrefixes.Contains(p)) <= Ordinary / 100, "at most 1 % of ordinary entrants flagged");
        Assert.Equal(3, report.Clusters.Count(c => c.Kind == ClusterKind.NetworkBurst));
        Assert.Contains(report.Clusters, c => c.Kind == ClusterKind.FastRiddles && c.Entrants.Count == Ring);
        Assert.Contains(report.Clusters, c => c.Kind == ClusterKind.LikeBurst && c.CandidateId == "c1");
        Assert.All(report.Clusters, c => Assert.All(c.Entrants, e => Assert.DoesNotContain(e.Entrant, ring)));

        var bulk = new BulkDisqualification(review, scenario.Disqualifications, new TableAuditLog(scenario.Tables));
        var networks = report.Clusters.Where(c => c.Kind == ClusterKind.NetworkBurst).ToList();
        foreach (var cluster in networks)
        {
            var request = new BulkDisqualificationRequest(cluster.Id, null, null, "多账号刷奖");
            // The same request twice at once, then once more (a retry): the likes go exactly once.
            await Task.WhenAll(bulk.DisqualifyAsync(campaign.Id, request, Moderator, CancellationToken.None),
                bulk.DisqualifyAsync(campaign.Id, request, Moderator, CancellationToken.None));
            var retried = await bulk.DisqualifyAsync(campaign.Id, request, Moderator, CancellationToken.None);
            Assert.Equal((0, cluster.Entrants.Count), (retried.Disqualified, retried.AlreadyDisqualified)); // passed by: done already
        }
        var marked = await review.GetAsync(campaign.Id, CancellationToken.None);
        Assert.Equal(Ring, marked.AlreadyDisqualified);
        Assert.All(marked.Clusters.SelectMany(c => c.Entrants), e => Assert.Equal(ringPrefixes.Contains(e.Pseudonym), e.Disqualified));
        Assert.Equal(Ring, (await scenario.Disqualified.ListAsync(campaign.Id, CancellationToken.None)).Count);
        var after = await LikesAsync(board);
        Assert.Equal(ordinary.Count(o => o.Value == "c1"), after["c1"]);
        Assert.All(Candidates.Skip(1), c => Assert.Equal(before.GetValueOrDefault(c), after.GetValueOrDefault(c)));

        scenario.Clock.Now = Start.AddHours(8).AddMinutes(1);
        Assert.Equal(1, await scenario.Service.TickAsync(CancellationToken.None));
        await scenario.Queue.DeliverAllAsync(scenario.Service);
        var proof = await scenario.ProofAsync(campaign.Id, "evening");
        Assert.Equal("drawn", proof.State);
        Assert.Equal(Ordinary, proof.EntryCount); // every ordinary entrant answered r1 right; no ring account is left
        Assert.DoesNotContain(proof.Ranking, r => ring.Any(id => campaign.PseudonymOf(id) == r.Pseudonym));
    }

    /// <summary>Ordinary entrants: two per network, eleven a minute over most of the day, a riddle or two and one like each.</summary>
    private static async Task<Dictionary<string, string>> EnterOrdinaryAsync(DrawScenario scenario, Campaign campaign)
    {
        var liked = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        foreach (var minute in Enumerable.Range(0, (Ordinary + 10) / 11))
        {
            scenario.Clock.Now = Start.AddMinutes(minute);
            await Parallel.ForEachAsync(Enumerable.Range(minute * 11, 11).Where(i => i < Ordinary), async (i, ct) =>
            {
                var network = i % 2_500;
                var entrant = Entrant($"fan-{i:D4}", $"10.{network / 250}.{network % 250}.{1 + i / 2_500}", i % 2 == 0 ? Phone : Desktop);
                await scenario.Entries.AnswerRiddleAsync(campaign.Id, "r1", entrant, "告", ct);
                if (i % 4 == 0) await scenario.Entries.AnswerRiddleAsync(campaign.Id, "r2", entrant, "重", ct);
                var candidate = Candidates[i % Candidates.Length];
                await scenario.Entries.LikeAsync(campaign.Id, candidate, entrant, ct);
                liked[entrant.Id] = candidate;
            });
        }
        return new Dictionary<string, string>(liked);
    }

    /// <summary>The ring: 200 accounts on 3 networks within five minutes, five riddles right in four seconds, all liking c1.</summary>
    private static async Task<List<string>> EnterRingAsync(DrawScenario scenario, Campaign campaign)
    {
        var ids = new List<string>();
        var answers = new[] { ("r1", "告"), ("r2", "重"), ("r3", "明"), ("r4", "合"), ("r5", "秦") };
        for (var j = 0; j < Ring; j++)
        {
            scenario.Clock.Now = Start.AddMinutes(60).AddSeconds(j * 1.5);
            var entrant = Entrant($"yangmao-{j:D3}", $"{RingNetworks[j % 3]}.{10 + j / 3}", Phone);
            foreach (var (riddle, answer) in answers)
            {
                await scenario.Entries.AnswerRiddleAsync(campaign.Id, riddle, entrant, answer, CancellationToken.None);
                scenario.Clock.Advance(TimeSpan.FromMilliseconds(800));
            }
            await scenario.Entries.LikeAsync(campaign.Id, "c1", entrant, CancellationToken.None);
            ids.Add(entrant.Id);
        }
        return ids;
    }

    private const string Phone = "Mozilla/5.0 (Linux; Android 13; V2154A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.43";
    private const string Desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    private static Entrant Entrant(string id, string address, string userAgent) => FraudReviews.EntrantOn(id, address, UserAgentFamily.Of(userAgent));

    private static string Prefix(Campaign campaign, string entrantId) => campaign.PseudonymOf(entrantId)[..MaskedEntrant.PseudonymPrefix];

    private static async Task<Dictionary<string, long>> LikesAsync(TableFigureStore board) =>
        (await board.ReadBoardAsync("ring", "likes", null, CancellationToken.None)).ToDictionary(c => c.CandidateId, c => c.Count);
}
