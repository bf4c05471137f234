using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>
/// "The top N riddle solvers win" on Azurite, with a hand-driven clock: the score is what was right by the close, and a
/// tie goes to whoever reached that score first, not to whoever answered anything first.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TopNRiddleTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;
    private static readonly DateTimeOffset Closes = Start.AddHours(1);
    private DrawScenario _s = null!;
    private TopNService _topN = null!;
    private TableEntryStore _entries = null!;

    public async Task InitializeAsync()
    {
        _s = await DrawScenario.CreateAsync(azurite);
        _entries = new TableEntryStore(_s.Tables);
        _topN = new TopNService(_s.Campaigns, _entries, _s.Awards, _s.Clock, _s.Due,
            new VoucherIssuer(_s.Awards, new TableVoucherStore(_s.Tables, _s.Clock), _s.Clock), _s.Disqualified);
        await TestCampaign.Bare("solvers")
            .Titled("灯谜达人榜")
            .InZone("Asia/Shanghai")
            .WithRules(new RulesDefinition { EntryConditions = "职工", AwardMethod = "答对最多者前两名", ClaimInstructions = "填写", Forfeiture = "递补" })
            .Changed(d => d with { Organiser = new OrganiserDefinition { Name = "省总工会", Contact = "029-87310000" } })
            .OpenBetween(Start.AddMinutes(-5), Closes)
            .ClaimsUntil(Start.AddDays(20))
            .WithRiddleActivity(award: TestCampaign.TopN(2, "band"), attemptLimit: 3)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"])
            .WithRiddle("r2", "千里相逢", ["重"])
            .WithRiddle("r3", "半部春秋", ["秦"])
            .WithPrize("band", "运动手环", PrizeKind.Physical, 200, 2)
            .PublishThroughAsync(_s.Admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ties_go_to_whoever_reached_the_score_first_and_answers_after_the_close_do_not_count()
    {
        // early-starter answers first of all, but reaches 2 right only at 40 minutes.
        await AnswerAt(Start, "early-starter", "r1", "吉");
        await AnswerAt(Start.AddMinutes(30), "early-starter", "r1", "告");
        await AnswerAt(Start.AddMinutes(40), "early-starter", "r2", "重");
        // quick-solver starts later and reaches 2 right at 20 minutes.
        await AnswerAt(Start.AddMinutes(10), "quick-solver", "r1", "告");
        await AnswerAt(Start.AddMinutes(20), "quick-solver", "r2", "重");
        // late-writer has 2 right at 50 minutes; a third answer lands in storage a second after the close (its request
        // passed the open check just before): it must not count.
        await AnswerAt(Start.AddMinutes(5), "late-writer", "r1", "告");
        await AnswerAt(Start.AddMinutes(50), "late-writer", "r2", "重");
        await AddLateAnswerAsync("late-writer", "r3", Closes.AddSeconds(1));

        _s.Clock.Now = Closes.AddMinutes(1);
        var step = Assert.Single(await _topN.FindDueAsync(CancellationToken.None));
        Assert.Equal(2, await _topN.AwardAsync(step, CancellationToken.None));

        var awards = (await _s.Awards.ListAsync("solvers", CancellationToken.None)).OrderBy(a => a.Rank).ToList();
        Assert.Equal(["quick-solver", "early-starter"], awards.Select(a => a.EntrantId));
    }

    [Fact]
    public async Task An_answer_exactly_at_the_close_counts()
    {
        await AnswerAt(Start.AddMinutes(1), "steady", "r1", "告");
        await AnswerAt(Start.AddMinutes(2), "steady", "r2", "重");
        await AnswerAt(Start.AddMinutes(3), "buzzer", "r1", "告");
        await AnswerAt(Start.AddMinutes(4), "buzzer", "r2", "重");
        // Entries refuse answers from the close on; one in flight lands with the close's own time, which is "by the close".
        await AddLateAnswerAsync("buzzer", "r3", Closes);
        await AnswerAt(Start.AddMinutes(5), "third", "r1", "告");

        _s.Clock.Now = Closes.AddMinutes(1);
        await _topN.AwardAsync(Assert.Single(await _topN.FindDueAsync(CancellationToken.None)), CancellationToken.None);

        var awards = (await _s.Awards.ListAsync("solvers", CancellationToken.None)).OrderBy(a => a.Rank).ToList();
        Assert.Equal(["buzzer", "steady"], awards.Select(a => a.EntrantId));
    }

    private async Task AnswerAt(DateTimeOffset at, string entrantId, string riddleId, string answer)
    {
        _s.Clock.Now = at;
        await _s.Entries.AnswerRiddleAsync("solvers", riddleId, new Entrant(entrantId, false), answer, CancellationToken.None);
    }

    /// <summary>Writes a right answer into the entrant's stored progress as a request still in flight at the close would.</summary>
    private async Task AddLateAnswerAsync(string entrantId, string riddleId, DateTimeOffset at)
    {
        var campaign = await _s.CampaignAsync("solvers");
        // Found by entrant id, so the test does not depend on how pseudonyms are made.
        var row = await _entries.ScanActivityAsync("solvers", campaign.EntryBuckets, "riddles", null, CancellationToken.None)
            .SingleAsync(e => e.EntrantId == entrantId);
        var progress = RiddleProgress.Of(row);
        Assert.True(progress.Answer(riddleId, true, 3, at).Changed);
        Assert.NotNull(await _entries.TryReplaceAsync(row with { Progress = progress.Encode(), Value = progress.CorrectCount }, CancellationToken.None));
    }
}
