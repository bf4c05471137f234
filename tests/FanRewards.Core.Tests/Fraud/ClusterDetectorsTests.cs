using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Fraud;

namespace FanRewards.Core.Tests.Fraud;

public sealed class ClusterDetectorsTests
{
    private static readonly DateTimeOffset T0 = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero);

    private static EntryRecord Entry(string entrant, DateTimeOffset at, string? network = "net-a", ActivityKind kind = ActivityKind.Like,
        string activity = "likes", string? candidate = "c1", string? text = null, string? progress = null) => new()
        {
            CampaignId = "c", Bucket = 0, RowKey = $"{activity}:{entrant}:{candidate}", ActivityId = activity, Kind = kind, EntrantId = entrant,
            Pseudonym = (entrant + new string('0', 64))[..64].Replace('-', 'a'), AcceptedAt = at, CandidateId = candidate, Text = text,
            Progress = progress, NetworkSignal = network,
        };

    [Fact]
    public void Many_entrants_from_one_network_in_a_window_are_a_cluster_but_as_many_spread_over_hours_are_not()
    {
        var burst = Enumerable.Range(0, 20).Select(i => Entry($"ring{i:D2}", T0.AddSeconds(i * 25))).ToList();
        var spread = Enumerable.Range(0, 40).Select(i => Entry($"fan{i:D2}", T0.AddMinutes(i * 11), network: "net-b")).ToList();

        var found = ClusterDetectors.NetworkBursts([.. burst, .. spread], FraudThresholds.Default).ToList();

        var cluster = Assert.Single(found);
        Assert.Equal("net-a", cluster.Network);
        Assert.Equal(20, cluster.Entrants.Count);
        Assert.Equal(cluster.Id, ClusterDetectors.NetworkBursts(burst, FraudThresholds.Default).Single().Id); // stable
        Assert.Empty(ClusterDetectors.NetworkBursts(burst.Take(19).ToList(), FraudThresholds.Default));
    }

    [Fact]
    public void Five_riddles_right_in_under_ten_seconds_is_fast_and_five_in_a_minute_is_not()
    {
        static string Progress(int secondsApart) => string.Join(';', Enumerable.Range(1, 5).Select(i =>
            $"r{i}=1+@{T0.AddSeconds(i * secondsApart).ToUnixTimeMilliseconds()}"));
        var script = Entry("bot", T0, kind: ActivityKind.Riddle, activity: "riddles", candidate: null, progress: Progress(2));
        var person = Entry("fan", T0, kind: ActivityKind.Riddle, activity: "riddles", candidate: null, progress: Progress(15));
        var untimed = Entry("old", T0, kind: ActivityKind.Riddle, activity: "riddles", candidate: null,
            progress: "r1=1+;r2=1+;r3=1+;r4=1+;r5=1+");

        var cluster = Assert.Single(ClusterDetectors.FastRiddles([script, person, untimed], FraudThresholds.Default));
        Assert.Equal(["bot"], cluster.Entrants.Select(e => e.EntrantId));
    }

    [Fact]
    public void Likes_for_one_candidate_in_a_burst_from_one_network_are_a_cluster()
    {
        var burst = Enumerable.Range(0, 15).Select(i => Entry($"v{i:D2}", T0.AddSeconds(i * 10))).ToList();
        var otherCandidate = Enumerable.Range(0, 14).Select(i => Entry($"w{i:D2}", T0.AddSeconds(i * 10), candidate: "c2")).ToList();

        var cluster = Assert.Single(ClusterDetectors.LikeBursts([.. burst, .. otherCandidate], FraudThresholds.Default));
        Assert.Equal(("c1", 15), (cluster.CandidateId, cluster.Entrants.Count));
    }

    [Fact]
    public void Near_identical_texts_cluster_and_different_or_short_ones_do_not()
    {
        var template = "我是一线职工，感谢工会组织的元宵猜灯谜活动，祝大家节日快乐！";
        var copies = Enumerable.Range(0, 6).Select(i => Entry($"t{i}", T0.AddMinutes(i), kind: ActivityKind.Message, activity: "messages",
            candidate: null, text: i % 2 == 0 ? template : template.Replace("！", $"!! {i}"))).ToList();
        var different = new[]
        {
            "今年的灯谜比去年难多了，我和女儿猜了一晚上才对了三个。", "感谢班组长带我们参加，希望明年还有健步走。",
            "谜面出得很有年味，希望多一些关于劳模故事的题目。", "加油加油", "加油加油", "加油加油", "加油加油", "加油加油",
        }.Select((text, i) => Entry($"d{i}", T0.AddMinutes(i), kind: ActivityKind.Message, activity: "messages", candidate: null, text: text));

        var cluster = Assert.Single(SimilarTexts.Clusters([.. copies, .. different], FraudThresholds.Default));
        Assert.Equal(6, cluster.Entrants.Count);
        Assert.True(SimilarTexts.Jaccard(SimilarTexts.ShinglesOf(SimilarTexts.Normalise(template)),
            SimilarTexts.ShinglesOf(SimilarTexts.Normalise(template.Replace("！", "!! 3")))) >= 0.8);
    }

    [Fact]
    public void Thresholds_come_from_the_campaigns_fraud_review_block_with_defaults_for_the_rest()
    {
        var thresholds = FraudThresholds.From(new FraudReviewDefinition { NetworkEntrants = 5, SimilarTextPercent = 90 });
        Assert.Equal((5, 0.9, FraudThresholds.Default.FastRiddleCount), (thresholds.NetworkEntrants, thresholds.SimilarTextJaccard, thresholds.FastRiddleCount));

        var errors = new ValidationErrors();
        CampaignValidator.CheckDraft(new CampaignDefinition
        {
            Id = "c1",
            FraudReview = new FraudReviewDefinition { NetworkEntrants = 1, FastRiddleSeconds = 0, SimilarTextPercent = 101 },
        }, errors);
        Assert.Equal(["fraudReview.fastRiddleSeconds", "fraudReview.networkEntrants", "fraudReview.similarTextPercent"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void An_entrant_is_shown_masked()
    {
        var shown = MaskedEntrant.From(new SuspectEntrant("wx_13800138000", new string('a', 64), T0), new HashSet<string>());
        Assert.Equal(("wx***00", MaskedEntrant.PseudonymPrefix), (shown.Entrant, shown.Pseudonym.Length));
    }
}
