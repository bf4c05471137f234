using FanRewards.Core.Entries;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>
/// A draw counts riddles as they stood at its cutoff, on Azurite with a hand-driven clock: an answer given after the
/// cutoff neither makes an entrant eligible nor adds a ticket, even when the draw runs late and the row was first
/// written before the cutoff.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DrawRiddleCutoffTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;
    /// <summary>The first evening draw's cutoff: 20:00 in Shanghai on the first day (the campaign stays open a day more).</summary>
    private static readonly DateTimeOffset Cutoff = Start.AddHours(8);
    private DrawScenario _s = null!;

    public async Task InitializeAsync()
    {
        _s = await DrawScenario.CreateAsync(azurite);
        await _s.PublishAsync("cutoff", draws: 2);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Answers_after_the_cutoff_count_neither_for_eligibility_nor_for_weight_when_the_draw_runs_late()
    {
        // Two right before the cutoff would be weight 2; the second comes five minutes late: weight 1.
        await AnswerAt(Cutoff.AddHours(-1), "on-time", "r1", "告");
        await AnswerAt(Cutoff.AddMinutes(5), "on-time", "r2", "重");
        // Entered (a wrong answer) before the cutoff, right only after it: not eligible for this draw.
        await AnswerAt(Cutoff.AddMinutes(-30), "too-late", "r1", "吉");
        await AnswerAt(Cutoff.AddMinutes(1), "too-late", "r1", "告");
        // Right exactly at the cutoff: counts.
        await AnswerAt(Cutoff, "at-the-bell", "r1", "告");

        _s.Clock.Now = Cutoff.AddMinutes(30); // the draw runs half an hour late
        await _s.Service.TickAsync(CancellationToken.None);
        await _s.Queue.DeliverAllAsync(_s.Service);

        var entrySet = await _s.ReadWholeEntrySetAsync("cutoff", "evening");
        var byEntrant = await WeightsByEntrantAsync(entrySet);
        Assert.Equal(new Dictionary<string, int> { ["on-time"] = 1, ["at-the-bell"] = 1 }, byEntrant);
        Assert.Equal("drawn", (await _s.ProofAsync("cutoff", "evening")).State);

        // The next evening counts what was right by its own cutoff (earlier winners excluded: both won above).
        _s.Clock.Now = Cutoff.AddDays(1).AddMinutes(1);
        await _s.Service.TickAsync(CancellationToken.None);
        await _s.Queue.DeliverAllAsync(_s.Service);
        Assert.Equal(new Dictionary<string, int> { ["too-late"] = 1 }, await WeightsByEntrantAsync(await _s.ReadWholeEntrySetAsync("cutoff", "evening-2")));
    }

    [Fact]
    public async Task A_row_written_before_answers_had_times_is_read_at_its_last_write_in_storage()
    {
        await AnswerAt(Cutoff.AddHours(-2), "veteran", "r1", "告");
        var campaign = await _s.CampaignAsync("cutoff");
        var store = new FanRewards.Storage.TableEntryStore(_s.Tables);
        var row = await store.ScanActivityAsync("cutoff", campaign.EntryBuckets, "riddles", null, CancellationToken.None).SingleAsync();
        // The row as the code before answer times wrote it: attempts and rights only.
        Assert.NotNull(await store.TryReplaceAsync(row with { Progress = "r1=1+;r2=2+", Value = 2, Weight = 2 }, CancellationToken.None));

        var old = await store.ScanActivityAsync("cutoff", campaign.EntryBuckets, "riddles", null, CancellationToken.None).SingleAsync();
        // Storage's own timestamp of that write (real time, well before the test's 2027 cutoff) stands for both answers.
        Assert.InRange(old.LastWrittenAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(new RiddleScore(2, RiddleProgress.Of(old)["r1"].AnsweredAt), RiddleProgress.Of(old).AsOf(Cutoff));
        Assert.Equal(0, RiddleProgress.Of(old).AsOf(old.LastWrittenAt.Value.AddSeconds(-1)).Correct);

        _s.Clock.Now = Cutoff.AddMinutes(1);
        await _s.Service.TickAsync(CancellationToken.None);
        await _s.Queue.DeliverAllAsync(_s.Service);
        Assert.Equal(new Dictionary<string, int> { ["veteran"] = 2 }, await WeightsByEntrantAsync(await _s.ReadWholeEntrySetAsync("cutoff", "evening")));
    }

    private async Task AnswerAt(DateTimeOffset at, string entrantId, string riddleId, string answer)
    {
        _s.Clock.Now = at;
        await _s.Entries.AnswerRiddleAsync("cutoff", riddleId, new Entrant(entrantId, false), answer, CancellationToken.None);
    }

    /// <summary>The entry set by entrant id (read from the entry rows, so the test does not depend on how pseudonyms are made).</summary>
    private async Task<Dictionary<string, int>> WeightsByEntrantAsync(IEnumerable<Core.Draws.DrawEntry> entrySet)
    {
        var campaign = await _s.CampaignAsync("cutoff");
        var entrants = await new FanRewards.Storage.TableEntryStore(_s.Tables)
            .ScanActivityAsync("cutoff", campaign.EntryBuckets, "riddles", null, CancellationToken.None)
            .ToDictionaryAsync(e => e.Pseudonym, e => e.EntrantId);
        return entrySet.ToDictionary(e => entrants[e.Pseudonym], e => e.Weight);
    }
}
