using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Support;

/// <summary>
/// The holiday campaign the one-win tests judge in (<c>JudgedOneWinTests</c>, <c>AlternateOneWinTests</c>, <c>ConflictingPassTests</c>): a riddle
/// and a moderated wish, a draw at two hours after <see cref="DrawScenario.Start"/>, and the judge on the scenario's tables.
/// </summary>
internal static class JudgedDraws
{
    /// <summary>
    /// The campaign published with three alternates to its draw, six fans ("fan-0" to "fan-5") who answered and wrote a
    /// wish, their wishes approved after the close, and the entry set sealed (the draw has not run yet).
    /// </summary>
    /// <param name="adjust">A change to the campaign before it is published (the draw's prize a voucher).</param>
    public static async Task<List<string>> SealedWithAlternatesAsync(DrawScenario s, string campaignId, Func<TestCampaign, TestCampaign>? adjust = null)
    {
        s.Clock.Now = DrawScenario.Start;
        await (adjust ?? (c => c))(TestCampaign.Holiday(campaignId, DrawScenario.Start, seats: 10))
            .WithSchedule(schedule => schedule with { Draws = schedule.Draws!.Select(d => d with { Alternates = 3 }).ToList() })
            .PublishThroughAsync(s.Admin);
        var fans = Enumerable.Range(0, 6).Select(i => $"fan-{i}").ToList();
        foreach (var fan in fans)
        {
            await AnswerAsync(s, campaignId, fan);
            await s.Entries.LeaveMessageAsync(campaignId, "wishes", new Entrant(fan, false), "祝大家节日快乐", CancellationToken.None);
        }
        s.Clock.Now = DrawScenario.Start.AddHours(1).AddMinutes(1); // closed: the set seals, and judging may begin
        var campaign = await s.CampaignAsync(campaignId);
        var entries = new TableEntryStore(s.Tables);
        await foreach (var entry in entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, "wishes", null, CancellationToken.None))
            Assert.NotNull(await entries.TryReplaceAsync(entry with { Status = EntryStatus.Approved }, CancellationToken.None));
        await s.Service.TickAsync(CancellationToken.None);
        await s.Queue.DeliverAllAsync(s.Service);
        return fans;
    }

    /// <summary>The entrant answers the riddle right (an entry to the draw).</summary>
    public static Task AnswerAsync(DrawScenario s, string campaignId, string entrantId) =>
        s.Entries.AnswerRiddleAsync(campaignId, "r1", new Entrant(entrantId, false), "告", CancellationToken.None);

    /// <summary>Approves the entrant's message, found by entrant id (so the test does not depend on how pseudonyms are made).</summary>
    public static async Task ApproveAsync(TableEntryStore entries, Campaign campaign, string entrantId)
    {
        var entry = await entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, "wishes", null, CancellationToken.None)
            .SingleAsync(e => e.EntrantId == entrantId);
        Assert.NotNull(await entries.TryReplaceAsync(entry with { Status = EntryStatus.Approved }, CancellationToken.None));
    }

    /// <summary>An award its holder has won and still holds (awarded or claimed): what the one-win rule counts.</summary>
    public static bool Live(Award award) => award.Status is AwardStatus.Awarded or AwardStatus.Claimed;

    /// <summary>The one-win rule over a campaign's awards: nobody holds more than one live win.</summary>
    public static void AssertOneLiveWinEach(IEnumerable<Award> awards)
    {
        foreach (var entrant in awards.GroupBy(a => a.EntrantId)) Assert.True(entrant.Count(Live) <= 1, $"{entrant.Key} holds more than one live win");
    }

    public static JudgingService Judging(DrawScenario s) => new(s.Admin, new TableEntryStore(s.Tables), s.Awards, new TableAuditLog(s.Tables), s.Clock,
        new VoucherIssuer(s.Awards, s.Vouchers, s.Clock), s.Disqualified);
}
