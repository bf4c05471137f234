using FanRewards.Core.Entries;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>
/// A draw reads moderation and sign-up decisions as they stood at its cutoff, from each entry's decision history, on
/// Azurite: a decision made after the cutoff changes nothing, whether the seal scan runs before it or after it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DrawDecisionHistoryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;
    /// <summary>Entries close at 18:00, the draw's cutoff (the draw itself is at 20:00).</summary>
    private static readonly DateTimeOffset Closes = Start.AddHours(6);

    /// <summary>Who should be in the sealed set: pending, approved then rejected late, confirmed then waitlisted late.</summary>
    private static readonly string[] Expected = ["m-approved-then-rejected-late", "m-pending", "s-confirmed-then-waitlisted-late"];

    [Fact]
    public async Task The_sealed_set_reads_decisions_as_of_the_cutoff_whether_the_scan_runs_before_or_after_a_later_decision()
    {
        var scannedLate = await SealedEntrantsAsync(scanBeforeLaterDecisions: false);
        var scannedEarly = await SealedEntrantsAsync(scanBeforeLaterDecisions: true);

        // Rejected before the cutoff and approved after it: out. Confirmed before and waitlisted after: in.
        Assert.Equal(Expected, scannedLate.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(scannedLate, scannedEarly);
    }

    private async Task<Dictionary<string, int>> SealedEntrantsAsync(bool scanBeforeLaterDecisions)
    {
        var s = await DrawScenario.CreateAsync(azurite);
        var campaign = await s.PublishAsync("decided", draws: 1, t => t.OpenBetween(Start.AddMinutes(-5), Closes)
            .WithMessageActivity("wishes", TestCampaign.ByDraw(), maxLength: 200, moderated: true)
            .WithSignupActivity("trip", TestCampaign.ByDraw(), seats: 10));
        foreach (var id in new[] { "m-pending", "m-rejected-then-approved-late", "m-approved-then-rejected-late" })
            await s.Entries.LeaveMessageAsync("decided", "wishes", new Entrant(id, false), "元宵快乐，阖家团圆", default);
        Assert.Equal(EntryStatus.Confirmed, (await s.Entries.SignUpAsync("decided", "trip", new Entrant("s-confirmed-then-waitlisted-late", false), null, default)).Status);
        s.Clock.Now = Closes.AddMinutes(-30);
        await s.Moderation.DecideAsync("decided", "wishes", "m-rejected-then-approved-late", approve: false, TestAdmins.Named("moderator"), default);
        await s.Moderation.DecideAsync("decided", "wishes", "m-approved-then-rejected-late", approve: true, TestAdmins.Named("moderator"), default);

        s.Clock.Now = Closes.AddMinutes(1);
        if (scanBeforeLaterDecisions) await SealAsync(s);
        s.Clock.Now = Closes.AddMinutes(2);
        await s.Moderation.DecideAsync("decided", "wishes", "m-rejected-then-approved-late", approve: true, TestAdmins.Named("moderator"), default);
        await s.Moderation.DecideAsync("decided", "wishes", "m-approved-then-rejected-late", approve: false, TestAdmins.Named("moderator"), default);
        await WaitlistAsync(s, campaign, "s-confirmed-then-waitlisted-late");
        if (!scanBeforeLaterDecisions) await SealAsync(s);

        Assert.Equal("sealed", (await s.ProofAsync("decided", "evening")).State);
        var byPseudonym = new[] { "m-pending", "m-rejected-then-approved-late", "m-approved-then-rejected-late", "s-confirmed-then-waitlisted-late" }
            .ToDictionary(campaign.PseudonymOf, id => id);
        return (await s.ReadWholeEntrySetAsync("decided", "evening")).ToDictionary(e => byPseudonym[e.Pseudonym], e => e.Weight);
    }

    private static async Task SealAsync(DrawScenario s)
    {
        Assert.Equal(1, await s.Service.TickAsync(CancellationToken.None));
        await s.Queue.DeliverAllAsync(s.Service);
    }

    /// <summary>No service takes a seat back today: the decision is written as one would write it, through the history.</summary>
    private static async Task WaitlistAsync(DrawScenario s, Core.Campaigns.Campaign campaign, string entrantId)
    {
        var store = new Storage.TableEntryStore(s.Tables);
        var pseudonym = campaign.PseudonymOf(entrantId);
        var entry = await store.FindAsync(campaign.Id, Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), EntryRecord.Key("trip", pseudonym), default);
        Assert.NotNull(entry);
        Assert.NotNull(await store.TryReplaceAsync(EntryDecisions.Decide(entry, EntryStatus.Waitlisted, s.Clock.GetUtcNow()) with { Seat = null }, default));
    }
}
