using Azure.Data.Tables;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>Claims after a draw on Azurite: contact details apart and validated, unclaimed prizes passing to alternates, retention.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClaimIntegrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DrawScenario _s = null!;
    private IReadOnlyList<Award> _awards = null!;

    public async Task InitializeAsync()
    {
        _s = await DrawScenario.CreateAsync(azurite);
        _awards = await _s.PublishEnterAndDrawAsync("claims", 60);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_draw_gives_each_winning_rank_an_award_with_the_claim_deadline_for_posted_prizes()
    {
        Assert.Equal(5, _awards.Count);
        Assert.All(_awards.Where(a => a.PrizeId == "pass"), a => Assert.Equal(DrawScenario.Start.AddDays(20), a.ClaimDeadline));
        Assert.All(_awards.Where(a => a.PrizeId == "ticket"), a => Assert.Null(a.ClaimDeadline)); // a voucher needs no address
        // Redelivering the merge writes nothing new.
        await _s.Service.MergeAsync(new Core.Draws.DrawStep("claims", "evening"), CancellationToken.None);
        Assert.Equal(5, (await _s.Awards.ListAsync("claims", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_winner_claims_with_contact_details_kept_apart_and_announced_once()
    {
        var winner = Winner("pass");

        var claimed = await _s.Claims.ClaimAsync("claims", winner, new ClaimRequest("张三丰", "138 0013 8000", "陕西省西安市雁塔区某路1号"), CancellationToken.None);
        var again = await _s.Claims.ClaimAsync("claims", winner, new ClaimRequest("张三丰", "13800138000", "陕西省西安市雁塔区某路1号"), CancellationToken.None);

        Assert.Equal((AwardStatus.Claimed, AwardStatus.Claimed), (claimed.Status, again.Status));
        var contact = await _s.Contacts.FindAsync("claims", claimed.AwardId, CancellationToken.None);
        Assert.Equal(("13800138000", "张*"), (contact!.Phone, ClaimContact.MaskName(contact.Name)));
        Assert.Equal("138****8000", ClaimContact.MaskPhone(contact.Phone));
        var winners = await _s.WinnersAsync("claims");
        var shown = winners.Single().Tiers.Single(t => t.PrizeId == "pass").Winners.Single(w => w.Name is not null);
        Assert.Equal(("张*", "138****8000"), (shown.Name, shown.Phone));
        Assert.Single(await OutboxAsync(EventTypes.PrizeClaimed));
    }

    [Theory]
    [InlineData(null, "13800138000", "陕西省西安市某路1号", "name")]
    [InlineData("张三", "12345", "陕西省西安市某路1号", "phone")]
    [InlineData("张三", "23800138000", "陕西省西安市某路1号", "phone")]
    [InlineData("张三", "13800138000", "西安", "address")]
    [InlineData("张\u0000三", "13800138000", "陕西省西安市某路1号", "name")]
    public async Task A_bad_claim_is_422_naming_the_field_and_writes_nothing(string? name, string phone, string address, string field)
    {
        var winner = Winner("pass");

        var problem = (await Assert.ThrowsAsync<ProblemException>(() =>
            _s.Claims.ClaimAsync("claims", winner, new ClaimRequest(name, phone, address), CancellationToken.None))).Problem;

        Assert.Equal(422, problem.Status);
        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Empty(await _s.Contacts.ListAsync("claims", CancellationToken.None));
        Assert.All(await _s.Awards.ListAsync("claims", CancellationToken.None), a => Assert.Equal(AwardStatus.Awarded, a.Status));
    }

    [Fact]
    public async Task Someone_who_did_not_win_has_nothing_to_claim()
    {
        var problem = (await Assert.ThrowsAsync<ProblemException>(() => _s.Claims.ClaimAsync("claims", new Entrant("fan-999", false),
            new ClaimRequest("李四", "13900139000", "陕西省西安市某路2号"), CancellationToken.None))).Problem;

        Assert.Equal(Problem.TypePrefix + "nothing-to-claim", problem.Type);
    }

    [Fact]
    public async Task An_unclaimed_prize_passes_to_the_first_alternate_at_the_deadline_once_and_the_draw_result_stays()
    {
        var ranking = await _s.Draws.ReadRankingAsync("claims", "evening", CancellationToken.None);
        _s.Clock.Now = DrawScenario.Start.AddDays(20).AddMinutes(1);

        var (passed, _) = await _s.Claims.SweepAsync(CancellationToken.None);
        var (passedAgain, _) = await _s.Claims.SweepAsync(CancellationToken.None);

        Assert.Equal((3, 0), (passed, passedAgain)); // the three posted prizes; vouchers have no deadline
        var all = await _s.Awards.ListAsync("claims", CancellationToken.None);
        var alternates = ranking.Where(r => r.PrizeId is null).OrderBy(r => r.Rank).Take(3).Select(r => r.Pseudonym).ToList();
        var successors = all.Where(a => a.Mode == AwardedBy.DrawAlternate).OrderBy(a => a.Rank).ToList();
        Assert.Equal(alternates, successors.Select(a => a.Pseudonym));
        Assert.All(successors, a => Assert.Equal(_s.Clock.Now.AddDays(7), a.ClaimDeadline));
        Assert.All(all.Where(a => a.Mode == AwardedBy.Draw && a.PrizeId == "pass"), a => Assert.Equal(AwardStatus.Forfeited, a.Status));
        Assert.Equal(3, (await OutboxAsync(EventTypes.PrizePassedOn)).Count);
        Assert.Equal(ranking, await _s.Draws.ReadRankingAsync("claims", "evening", CancellationToken.None));
        var proof = await _s.ProofAsync("claims", "evening");
        Assert.Equal(successors.Select(a => a.AwardId).Order(), proof.Passes.Select(p => p.ToAwardId).Order());
        var audit = await _s.Campaigns.ListAuditAsync("claims", 100, CancellationToken.None);
        Assert.Equal(3, audit.Count(a => a.Action == "pass-prize"));
        var winners = await _s.WinnersAsync("claims");
        var passHolders = winners.Single().Tiers.Single(t => t.PrizeId == "pass").Winners;
        Assert.Equal(successors.Select(a => a.Rank!.Value), passHolders.Select(w => w.Rank));
        Assert.All(passHolders, w => Assert.NotNull(w.PassedFromRank));

        var late = await Assert.ThrowsAsync<ProblemException>(() => _s.Claims.ClaimAsync("claims", EntrantOf(all.First(a => a.Mode == AwardedBy.Draw && a.PrizeId == "pass")),
            new ClaimRequest("王五", "13700137000", "陕西省西安市某路3号"), CancellationToken.None));
        Assert.Equal(409, late.Problem.Status);
    }

    [Fact]
    public async Task A_declined_prize_passes_to_the_next_alternate_and_contacts_are_deleted_after_retention()
    {
        var passWinners = _awards.Where(a => a.PrizeId == "pass").OrderBy(a => a.Rank).ToList();
        var declined = await _s.Claims.DeclineAsync("claims", EntrantOf(passWinners[0]), CancellationToken.None);
        Assert.Equal(AwardedBy.DrawAlternate, declined.Mode);

        await _s.Claims.ClaimAsync("claims", EntrantOf(passWinners[1]), new ClaimRequest("赵六", "13600136000", "陕西省西安市某路4号"), CancellationToken.None);
        _s.Clock.Now = DrawScenario.Start.AddDays(20 + 90).AddMinutes(1);
        var (_, deleted) = await _s.Claims.SweepAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Empty(await _s.Contacts.ListAsync("claims", CancellationToken.None));
    }

    private Entrant Winner(string prizeId) => EntrantOf(_awards.First(a => a.PrizeId == prizeId));

    private static Entrant EntrantOf(Award award) => DrawScenario.EntrantOf(award);

    private Task<List<TableEntity>> OutboxAsync(string type) => _s.OutboxAsync("claims", type);
}
