using Azure.Data.Tables;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>
/// A draw's voucher on Azurite: once its code has been shown to the winner (their own view, recorded before the code
/// leaves), it is theirs and cannot be declined; before that, a decline passes it to an alternate as ever. A showing and
/// a decline at the same moment end one way or the other, never both.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class VoucherDeclineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DrawScenario _s = null!;

    public async Task InitializeAsync() => _s = await DrawScenario.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_voucher_whose_code_was_shown_cannot_be_declined_and_the_refusal_changes_nothing()
    {
        var winner = (await DrawnAsync("shown")).First(a => a.PrizeId == "ticket");
        _s.Clock.Now += TimeSpan.FromMinutes(5);

        var mine = await _s.Entries.GetMineAsync("shown", EntrantOf(winner), CancellationToken.None);
        var recorded = await _s.Awards.FindAsync("shown", winner.AwardId, CancellationToken.None);
        var before = await _s.Awards.ListAsync("shown", CancellationToken.None);
        _s.Clock.Now += TimeSpan.FromMinutes(5);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => _s.Claims.DeclineAsync("shown", EntrantOf(winner), CancellationToken.None));

        Assert.NotNull(winner.VoucherCode);
        Assert.Equal(winner.VoucherCode, Assert.Single(mine.Prizes!).VoucherCode);
        Assert.Equal(_s.Clock.Now.AddMinutes(-5), recorded!.CodeShownAt); // recorded when shown, before the answer left
        Assert.Equal((409, Problem.TypePrefix + "voucher-code-shown"), (refused.Problem.Status, refused.Problem.Type));
        var after = await _s.Awards.ListAsync("shown", CancellationToken.None);
        Assert.Equal(before.Select(a => (a.AwardId, a.Status, a.ETag)), after.Select(a => (a.AwardId, a.Status, a.ETag)));
        Assert.Empty(await OutboxAsync("shown", EventTypes.PrizePassedOn));
        Assert.Empty((await _s.ProofAsync("shown", "evening")).Passes);
    }

    [Fact]
    public async Task A_voucher_declined_before_its_code_was_shown_passes_to_an_alternate_and_the_decliner_never_sees_the_code()
    {
        var winner = (await DrawnAsync("unseen")).First(a => a.PrizeId == "ticket");

        var passed = await _s.Claims.DeclineAsync("unseen", EntrantOf(winner), CancellationToken.None);
        var mine = await _s.Entries.GetMineAsync("unseen", EntrantOf(winner), CancellationToken.None);

        Assert.Equal(AwardedBy.DrawAlternate, passed.Mode);
        var declined = await _s.Awards.FindAsync("unseen", winner.AwardId, CancellationToken.None);
        Assert.Equal((AwardStatus.Declined, null), (declined!.Status, declined.CodeShownAt));
        var prize = Assert.Single(mine.Prizes!);
        Assert.Equal((AwardStatus.Declined, null), (prize.Status, prize.VoucherCode));
        Assert.Single(await OutboxAsync("unseen", EventTypes.PrizePassedOn));
    }

    [Fact]
    public async Task A_showing_and_a_decline_at_once_end_with_the_decline_unseen_or_the_code_shown_and_the_decline_refused_never_both()
    {
        var winners = new List<Award>();
        foreach (var id in new[] { "race-1", "race-2", "race-3" })
            winners.AddRange((await DrawnAsync(id)).Where(a => a.PrizeId == "ticket"));
        Assert.Equal(6, winners.Count);

        var outcomes = await Task.WhenAll(winners.Select(async winner =>
        {
            var show = Task.Run(() => _s.Entries.GetMineAsync(winner.CampaignId, EntrantOf(winner), CancellationToken.None));
            var decline = Task.Run(async () =>
            {
                try
                {
                    await _s.Claims.DeclineAsync(winner.CampaignId, EntrantOf(winner), CancellationToken.None);
                    return null;
                }
                catch (ProblemException e)
                {
                    return e.Problem;
                }
            });
            var shownCode = (await show).Prizes!.Single().VoucherCode;
            return (Winner: winner, ShownCode: shownCode, Refused: await decline);
        }));

        foreach (var (winner, shownCode, refused) in outcomes)
        {
            var stored = await _s.Awards.FindAsync(winner.CampaignId, winner.AwardId, CancellationToken.None);
            if (refused is null)
            {
                // The decline won: the code never reached them, and the prize passed on.
                Assert.Null(shownCode);
                Assert.Equal((AwardStatus.Declined, null), (stored!.Status, stored.CodeShownAt));
            }
            else
            {
                // The showing won: they have the code, the voucher stays theirs.
                Assert.Equal(Problem.TypePrefix + "voucher-code-shown", refused.Type);
                Assert.Equal(winner.VoucherCode, shownCode);
                Assert.Equal(AwardStatus.Awarded, stored!.Status);
                Assert.NotNull(stored.CodeShownAt);
            }
        }
        foreach (var id in new[] { "race-1", "race-2", "race-3" })
        {
            var declines = outcomes.Count(o => o.Winner.CampaignId == id && o.Refused is null);
            Assert.Equal(declines, (await OutboxAsync(id, EventTypes.PrizePassedOn)).Count);
        }
    }

    /// <summary>A one-draw campaign with voucher codes uploaded before the draw, drawn: its winners' awards (tickets with their codes).</summary>
    private Task<IReadOnlyList<Award>> DrawnAsync(string campaignId) =>
        _s.PublishEnterAndDrawAsync(campaignId, 24, [.. Enumerable.Range(1, 6).Select(i => $"{campaignId.ToUpperInvariant()}-{i:D4}")]);

    private static Entrant EntrantOf(Award award) => DrawScenario.EntrantOf(award);

    private Task<List<TableEntity>> OutboxAsync(string campaignId, string type) => _s.OutboxAsync(campaignId, type);
}
