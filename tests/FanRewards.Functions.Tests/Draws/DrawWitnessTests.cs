using System.Security.Cryptography;
using FanRewards.Core;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>
/// Trust v2 on real Table Storage: the entry set sealed at the cutoff before anything that decides the draw is known,
/// witnesses who reveal (or are excused) before it runs, and later decisions that only pass prizes on, visibly.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DrawWitnessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;
    /// <summary>Entries close at 18:00, two hours before the 20:00 draw; witnesses may be excused from 19:00.</summary>
    private static readonly DateTimeOffset Closes = Start.AddHours(6);
    private static readonly DateTimeOffset RevealBy = Start.AddHours(7);
    private static readonly DateTimeOffset DrawTime = Start.AddHours(8);
    private readonly byte[] _notarySecret = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _unionSecret = RandomNumberGenerator.GetBytes(32);
    private DrawScenario _s = null!;

    public async Task InitializeAsync() => _s = await DrawScenario.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<Core.Campaigns.Campaign> PublishAsync(string id, bool witnesses = true) => _s.PublishAsync(id, draws: 1, t =>
    {
        t = t.OpenBetween(Start.AddMinutes(-5), Closes);
        return witnesses
            ? t.WithWitnesses("evening", RevealBy, ("notary", "西安市公证处", DrawScoring.Commitment(_notarySecret)),
                ("union", "职工代表", DrawScoring.Commitment(_unionSecret)))
            : t;
    });

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private async Task<DrawProof> ProofAsync(string id)
    {
        _s.Clock.Now += TimeSpan.FromMinutes(1); // past the snapshot of a draw not drawn yet
        return await _s.ProofAsync(id, "evening");
    }

    private async Task SealAsync()
    {
        _s.Clock.Now = Closes.AddMinutes(1);
        Assert.Equal(1, await _s.Service.TickAsync(CancellationToken.None));
        await _s.Queue.DeliverAllAsync(_s.Service);
    }

    private async Task<Core.Campaigns.PublicDraw> PageAsync(Core.Campaigns.Campaign campaign)
    {
        _s.Clock.Now += TimeSpan.FromMinutes(1);
        var view = await _s.Results.WithDrawStatesAsync(Core.Campaigns.PublicCampaignView.From(campaign, _s.Clock.Now), campaign, default);
        return Assert.Single(view.Schedule.Draws);
    }

    /// <summary>The proof, the campaign page and the admin's draw status show neither the seed nor a secret not revealed yet.</summary>
    private async Task AssertNothingSecretShownAsync(Core.Campaigns.Campaign campaign, IReadOnlyList<string> shownSecrets)
    {
        var seed = Hex((await _s.Draws.FindAsync(campaign.Id, "evening", default))!.Seed);
        var json = string.Join("\n", System.Text.Json.JsonSerializer.Serialize(await ProofAsync(campaign.Id), Core.Json.FanRewardsJson.Options),
            System.Text.Json.JsonSerializer.Serialize(await PageAsync(campaign), Core.Json.FanRewardsJson.Options),
            System.Text.Json.JsonSerializer.Serialize(await _s.Queries.ListAsync(campaign.Id, default), Core.Json.FanRewardsJson.Options));
        Assert.DoesNotContain(seed, json, StringComparison.Ordinal);
        foreach (var secret in new[] { Hex(_notarySecret), Hex(_unionSecret) }.Except(shownSecrets))
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        foreach (var secret in shownSecrets) Assert.Contains(secret, json, StringComparison.Ordinal);
    }

    private static async Task<Problem> RefusedAsync(Func<Task> act) => (await Assert.ThrowsAsync<ProblemException>(act)).Problem;

    [Fact]
    public async Task A_draw_with_witnesses_seals_at_the_cutoff_waits_for_them_and_scores_with_the_mixed_seed()
    {
        var campaign = await PublishAsync("witnessed");
        await _s.EnterAsync(campaign, 80);

        // Before the seal: no digest, no seed, no secret anywhere; a reveal is refused.
        var before = await ProofAsync("witnessed");
        Assert.Equal("scheduled", before.State);
        Assert.Null(before.EntrySetDigest);
        Assert.All(before.Witnesses, w => Assert.Null(w.Secret));
        Assert.Equal(409, (await RefusedAsync(() => _s.Witnesses.RevealAsync("witnessed", "evening", "notary", Hex(_notarySecret), default))).Status);
        await AssertNothingSecretShownAsync(campaign, shownSecrets: []);

        await SealAsync();
        await AssertNothingSecretShownAsync(campaign, shownSecrets: []);
        var page = await PageAsync(campaign);
        Assert.Equal("sealed", page.State);
        Assert.Equal(["waiting", "waiting"], page.Witnesses.Select(w => w.State));
        Assert.NotNull(page.EntrySetDigest);
        var sealedProof = await ProofAsync("witnessed");
        Assert.Equal("sealed", sealedProof.State);
        Assert.NotNull(sealedProof.EntrySetDigest);
        Assert.NotNull(sealedProof.SealedAt);
        Assert.Null(sealedProof.Seed);
        Assert.Null(sealedProof.DrawSeed);
        Assert.Equal(["notary", "union"], sealedProof.WaitingFor);
        var status = Assert.Single(await _s.Queries.ListAsync("witnessed", default));
        Assert.Equal("sealed", status.State);
        Assert.Null(status.DrawSeed);
        Assert.Equal(["notary", "union"], status.WaitingFor);

        // Refusals change nothing: a wrong secret, a malformed one, an unknown witness, an excuse before the deadline.
        Assert.Equal(422, (await RefusedAsync(() => _s.Witnesses.RevealAsync("witnessed", "evening", "notary", Hex(_unionSecret), default))).Status);
        Assert.Equal(422, (await RefusedAsync(() => _s.Witnesses.RevealAsync("witnessed", "evening", "notary", "ABC", default))).Status);
        Assert.Equal(404, (await RefusedAsync(() => _s.Witnesses.RevealAsync("witnessed", "evening", "mayor", Hex(_notarySecret), default))).Status);
        Assert.Equal(409, (await RefusedAsync(() => _s.Witnesses.ExcuseAsync("witnessed", "evening", "union", "ill", TestAdmins.Named("admin"), default))).Status);
        Assert.Equal(["notary", "union"], (await ProofAsync("witnessed")).WaitingFor);

        var revealed = await _s.Witnesses.RevealAsync("witnessed", "evening", "notary", Hex(_notarySecret), default);
        Assert.Equal(("revealed", Hex(_notarySecret)), (revealed.State, revealed.Secret));
        Assert.Equal(409, (await RefusedAsync(() => _s.Witnesses.RevealAsync("witnessed", "evening", "notary", Hex(_notarySecret), default))).Status);
        await AssertNothingSecretShownAsync(campaign, shownSecrets: [Hex(_notarySecret)]);
        Assert.Equal(["revealed", "waiting"], (await PageAsync(campaign)).Witnesses.Select(w => w.State));

        // Its time comes; the union has not revealed: it waits, sealed, and says for whom.
        _s.Clock.Now = DrawTime.AddMinutes(1);
        Assert.Equal(0, await _s.Service.TickAsync(CancellationToken.None));
        await _s.Queue.DeliverAllAsync(_s.Service);
        var waiting = await ProofAsync("witnessed");
        Assert.Equal(("sealed", (string?)null), (waiting.State, waiting.Seed));
        Assert.Equal(["union"], waiting.WaitingFor);
        Assert.Equal(409, (await RefusedAsync(() => _s.Service.RequestRunAsync("witnessed", "evening", TestAdmins.Named("admin"), default))).Status);

        // Excused after the deadline: the excuse starts the draw at once.
        var excused = await _s.Witnesses.ExcuseAsync("witnessed", "evening", "union", "未能到场", TestAdmins.Named("admin"), default);
        Assert.Equal(("excused", "admin"), (excused.State, excused.ExcusedBy));
        // The public proof names the excusing admin; the stored record keeps their id beside the name for the audit.
        var stored = (await _s.Draws.FindAsync("witnessed", "evening", default))?.Witnesses.Single(w => w.Id == "union");
        Assert.Equal(("admin", "test-admin"), (stored?.ExcusedBy, stored?.ExcusedById));
        await _s.Queue.DeliverAllAsync(_s.Service);

        var proof = await ProofAsync("witnessed");
        Assert.Equal("drawn", proof.State);
        Assert.Equal(sealedProof.EntrySetDigest, proof.EntrySetDigest);
        var seed = Convert.FromHexString(proof.Seed!);
        Assert.Equal(proof.Commitment, DrawScoring.Commitment(seed));
        var drawSeed = DrawScoring.DrawSeed(seed, [_notarySecret]);
        Assert.Equal(Hex(drawSeed), proof.DrawSeed);
        Assert.NotEqual(proof.Seed, proof.DrawSeed);
        var entrySet = await _s.ReadWholeEntrySetAsync("witnessed", "evening");
        Assert.Equal(EntrySetDigest.Of(entrySet.Select(e => (e.Pseudonym, e.Weight))), proof.EntrySetDigest);
        Assert.Equal(DrawRanking.Rank(drawSeed, "witnessed", "evening", entrySet, proof.Tiers, proof.Alternates), proof.Ranking);
        Assert.Equal(["revealed", "excused"], proof.Witnesses.Select(w => w.State));
        Assert.Equal(proof.Ranking.Count(r => r.PrizeId is not null), (await _s.Awards.ListAsync("witnessed", default)).Count);
        Assert.Equal(409, (await RefusedAsync(() => _s.Witnesses.RevealAsync("witnessed", "evening", "union", Hex(_unionSecret), default))).Status);
    }

    [Fact]
    public async Task Concurrent_reveals_of_different_witnesses_both_land_and_every_scoring_step_twice_gives_one_result()
    {
        var campaign = await PublishAsync("together");
        await _s.EnterAsync(campaign, 60);
        await SealAsync();
        _s.Clock.Now = DrawTime.AddMinutes(1);

        await Task.WhenAll(
            _s.Witnesses.RevealAsync("together", "evening", "notary", Hex(_notarySecret), default),
            _s.Witnesses.RevealAsync("together", "evening", "union", Hex(_unionSecret), default));
        var draw = await _s.Draws.FindAsync("together", "evening", default);
        Assert.Equal([WitnessState.Revealed, WitnessState.Revealed], draw!.Witnesses.Select(w => w.State));

        // The scoring pass: every step delivered twice, one shard's message lost and sent again by the timer.
        await _s.Queue.DeliverAllAsync(_s.Service, deliverEachTimes: 2, drop: m => m.Queue == "shard" && m.Step.Bucket == 3);
        Assert.Equal(DrawState.Running, (await _s.Draws.FindAsync("together", "evening", default))!.State);
        _s.Clock.Now += new DrawOptions().PickupTimeout + TimeSpan.FromSeconds(1);
        Assert.Equal(1, await _s.Service.TickAsync(CancellationToken.None));
        await _s.Queue.DeliverAllAsync(_s.Service, deliverEachTimes: 2);

        var proof = await ProofAsync("together");
        Assert.Equal("drawn", proof.State);
        var drawSeed = DrawScoring.DrawSeed(Convert.FromHexString(proof.Seed!), [_notarySecret, _unionSecret]);
        var entrySet = await _s.ReadWholeEntrySetAsync("together", "evening");
        Assert.Equal(DrawRanking.Rank(drawSeed, "together", "evening", entrySet, proof.Tiers, proof.Alternates), proof.Ranking);
        Assert.Equal(proof.Ranking.Count, (await _s.Draws.ReadRankingAsync("together", "evening", default)).Count);
    }

    [Fact]
    public async Task A_winner_disqualified_after_the_seal_leaves_the_digest_as_sealed_and_the_prize_passes_on_as_a_recorded_pass()
    {
        var campaign = await PublishAsync("late", witnesses: false);
        var weights = await _s.EnterAsync(campaign, 60);
        await SealAsync();
        var sealedDraw = (await _s.Draws.FindAsync("late", "evening", default))!;
        Assert.Equal(DrawState.Sealed, sealedDraw.State);

        // The first-ranked entrant, as the stored seed will rank them (known to the test, not to anyone outside).
        var entrySet = await _s.ReadWholeEntrySetAsync("late", "evening");
        var first = DrawRanking.Rank(sealedDraw.Seed, "late", "evening", entrySet, sealedDraw.StartedTiers, sealedDraw.Alternates ?? 0)[0];
        var entrantId = weights.Keys.Single(id => campaign.PseudonymOf(id) == first.Pseudonym);
        await _s.Disqualified.TryAddAsync(new Disqualification("late", entrantId, first.Pseudonym, "代答", new Core.Admins.AdminRef(null, "admin"), _s.Clock.Now), default);

        _s.Clock.Now = DrawTime.AddMinutes(1);
        Assert.Equal(1, await _s.Service.TickAsync(CancellationToken.None));
        await _s.Queue.DeliverAllAsync(_s.Service);

        var proof = await ProofAsync("late");
        Assert.Equal("drawn", proof.State);
        Assert.Equal(sealedDraw.EntrySetDigest, proof.EntrySetDigest);
        Assert.Equal(first.Pseudonym, proof.Ranking[0].Pseudonym); // the ranking never changes
        var pass = Assert.Single(proof.Passes);
        Assert.Equal(("disqualified", "draw-evening-000001", proof.Tiers.Sum(t => t.Count) + 1), (pass.Reason, pass.FromAwardId, pass.ToRank));
        var winners = await _s.WinnersAsync("late");
        Assert.DoesNotContain(winners.SelectMany(w => w.Tiers).SelectMany(t => t.Winners), w => w.Rank == 1);

        // After the draw: rank 3 claims, then ranks 2 and 3 are disqualified. The unclaimed prize passes on by the alternate
        // rule; the claimed one is not taken back, and the answer says so.
        string EntrantOf(int rank) => weights.Keys.Single(id => campaign.PseudonymOf(id) == proof.Ranking[rank - 1].Pseudonym);
        await _s.Claims.ClaimAsync("late", new Entrant(EntrantOf(3), false), new Core.Awards.ClaimRequest("张三", "13800138000", "西安市雁塔区长安南路"), default);
        var second = await _s.Disqualifications.DisqualifyAsync("late", EntrantOf(2), "冒名", TestAdmins.Named("admin"), default);
        Assert.Equal(["passed"], second.Prizes.Select(p => p.Outcome));
        // The decider named as a person, in the answer and in the audit of the decision and of the pass it caused.
        Assert.Equal(new Core.Admins.AdminRef("test-admin", "admin"), second.By);
        var audited = await _s.Campaigns.ListAuditAsync("late", 100, default);
        Assert.Contains(audited, a => a is { Action: "disqualify", Actor: "admin", ActorId: "test-admin" });
        Assert.Contains(audited, a => a is { Action: "pass-prize", Actor: "admin", ActorId: "test-admin" } && a.Summary.Contains("draw-evening-000002", StringComparison.Ordinal));
        var third = await _s.Disqualifications.DisqualifyAsync("late", EntrantOf(3), "冒名", TestAdmins.Named("admin"), default);
        Assert.Equal(["claimed-kept"], third.Prizes.Select(p => p.Outcome));

        _s.Clock.Now += TimeSpan.FromHours(1);
        var after = await _s.ProofAsync("late", "evening");
        Assert.Equal(["disqualified", "disqualified"], after.Passes.Select(p => p.Reason));
        Assert.Equal("draw-evening-000002", after.Passes[1].FromAwardId);
        Assert.Equal(sealedDraw.EntrySetDigest, after.EntrySetDigest);
    }

    [Fact]
    public async Task Moderation_after_the_seal_leaves_the_sealed_set_and_a_winner_whose_message_is_rejected_since_passes_on()
    {
        var campaign = await _s.PublishAsync("wishes", draws: 1, t => t.OpenBetween(Start.AddMinutes(-5), Closes)
            .WithMessageActivity("wishes", TestCampaign.ByDraw(), maxLength: 200, moderated: true));
        var writers = Enumerable.Range(0, 20).Select(i => new Entrant($"w-{i:D2}", false)).ToList();
        foreach (var writer in writers) await _s.Entries.LeaveMessageAsync("wishes", "wishes", writer, "元宵快乐，阖家团圆", default);
        // Rejected before the cutoff: out of the set. Still pending at the cutoff: in it (a backlog costs nobody their chance).
        await _s.Moderation.DecideAsync("wishes", "wishes", "w-00", approve: false, TestAdmins.Named("moderator"), default);
        await _s.Moderation.DecideAsync("wishes", "wishes", "w-01", approve: true, TestAdmins.Named("moderator"), default);
        await SealAsync();
        var sealedDraw = (await _s.Draws.FindAsync("wishes", "evening", default))!;
        var entrySet = await _s.ReadWholeEntrySetAsync("wishes", "evening");
        Assert.Equal(writers.Skip(1).Select(w => campaign.PseudonymOf(w.Id)).Order(StringComparer.Ordinal), entrySet.Select(e => e.Pseudonym));

        // After the seal: the top-ranked writer's message is rejected, another approved, another rejected and approved again.
        var first = DrawRanking.Rank(sealedDraw.Seed, "wishes", "evening", entrySet, sealedDraw.StartedTiers, sealedDraw.Alternates ?? 0)[0];
        var firstWriter = writers.Single(w => campaign.PseudonymOf(w.Id) == first.Pseudonym);
        _s.Clock.Now += TimeSpan.FromMinutes(5);
        await _s.Moderation.DecideAsync("wishes", "wishes", firstWriter.Id, approve: false, TestAdmins.Named("moderator"), default);
        await _s.Moderation.DecideAsync("wishes", "wishes", writers.First(w => w != firstWriter && w.Id != "w-00").Id, approve: true, TestAdmins.Named("moderator"), default);

        await _s.DrawAtAsync(DrawTime.AddMinutes(1));
        var proof = await ProofAsync("wishes");
        Assert.Equal("drawn", proof.State);
        Assert.Equal(sealedDraw.EntrySetDigest, proof.EntrySetDigest);
        Assert.Equal(entrySet, await _s.ReadWholeEntrySetAsync("wishes", "evening"));
        var pass = Assert.Single(proof.Passes);
        Assert.Equal(("rejected", "draw-evening-000001"), (pass.Reason, pass.FromAwardId));
    }

    [Fact]
    public async Task The_entrants_kept_beside_a_witnessed_draws_sealed_chunks_go_with_the_rest_of_the_personal_data()
    {
        var campaign = await PublishAsync("erased");
        await _s.EnterAsync(campaign, 40);
        await SealAsync();
        async Task<int> EntrantRowsAsync()
        {
            var count = 0;
            for (var bucket = 0; bucket < campaign.EntryBuckets; bucket++)
            {
                await foreach (var _ in _s.Tables.DrawEntries.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter(
                                   $"PartitionKey eq {$"erased:evening:{bucket:D3}"} and RowKey ge {"ids:"} and RowKey lt {"ids;"}")))
                {
                    count++;
                }
            }
            return count;
        }
        Assert.True(await EntrantRowsAsync() > 0);

        var erased = await new Storage.TablePersonalDataStore(_s.Tables).EraseDrawAsync("erased", "evening", campaign.EntryBuckets, default);

        Assert.True(erased > 0);
        Assert.Equal(0, await EntrantRowsAsync());
    }

    [Fact]
    public async Task Retention_erases_the_entrant_ids_in_a_witnessed_draws_scoring_tops_and_keeps_the_tops()
    {
        var campaign = await PublishAsync("scored");
        await _s.EnterAsync(campaign, 40);
        await SealAsync();
        await _s.Witnesses.RevealAsync("scored", "evening", "notary", Hex(_notarySecret), default);
        await _s.Witnesses.RevealAsync("scored", "evening", "union", Hex(_unionSecret), default);
        await _s.DrawAtAsync(DrawTime.AddMinutes(1));
        Assert.Equal("drawn", (await ProofAsync("scored")).State);

        // The scoring pass keeps each shard's best k+m under ":score", packed with the entrant ids the awards need.
        async Task<(int Rows, int WithIds)> ScoreTopsAsync()
        {
            var (rows, withIds) = (0, 0);
            for (var bucket = 0; bucket < campaign.EntryBuckets; bucket++)
            {
                await foreach (var row in _s.Tables.DrawShards.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter(
                                   $"PartitionKey eq {$"scored:evening:{bucket:D3}:score"} and RowKey ge {"top:"} and RowKey lt {"top;"}")))
                {
                    rows++;
                    var bytes = row.Select(p => p.Value).OfType<byte[]>().SelectMany(b => b).ToArray();
                    if (bytes.AsSpan().IndexOf("fan-"u8) >= 0 || row.GetString("EntrantId") is { Length: > 0 }) withIds++;
                }
            }
            return (rows, withIds);
        }
        var before = await ScoreTopsAsync();
        Assert.True(before.WithIds > 0, "the scoring tops hold entrant ids before the erasure");

        await new Storage.TablePersonalDataStore(_s.Tables).EraseDrawAsync("scored", "evening", campaign.EntryBuckets, default);

        Assert.Equal((before.Rows, 0), await ScoreTopsAsync());
    }

    [Fact]
    public async Task A_prize_won_elsewhere_after_the_seal_takes_the_draw_prize_away_and_a_later_pass_skips_an_alternate_disqualified_since()
    {
        var campaign = await PublishAsync("twice", witnesses: false);
        var weights = await _s.EnterAsync(campaign, 60);
        await SealAsync();
        var sealedDraw = (await _s.Draws.FindAsync("twice", "evening", default))!;
        var entrySet = await _s.ReadWholeEntrySetAsync("twice", "evening");
        var ranking = DrawRanking.Rank(sealedDraw.Seed, "twice", "evening", entrySet, sealedDraw.StartedTiers, sealedDraw.Alternates ?? 0);
        string EntrantOf(int rank) => weights.Keys.Single(id => campaign.PseudonymOf(id) == ranking[rank - 1].Pseudonym);

        // After the seal, the first-ranked entrant is given a judged prize: the sealed set keeps them (it is fixed), the
        // draw's prize goes past them as a recorded pass, so nobody wins twice.
        _s.Clock.Now += TimeSpan.FromMinutes(10);
        var judged = new Core.Awards.Award
        {
            CampaignId = "twice", AwardId = "judged-1", PrizeId = "ticket", ActivityId = "riddles", Pseudonym = ranking[0].Pseudonym,
            EntrantId = EntrantOf(1), Mode = Core.Awards.AwardedBy.Judged, AwardedAt = _s.Clock.Now,
        };
        // Given as JudgingService gives it: from stock, with the entrant's one-win marker in the same transaction.
        var given = await _s.Awards.TryAwardFromStockAsync(judged, 1, oneWinPerEntrant: true,
            new Core.Outbox.OutboxEvent("twice", "awarded-judged-1", Core.Outbox.EventTypes.WinnerAwarded, _s.Clock.Now, "{}"), default);
        Assert.NotNull(given.Given);

        _s.Clock.Now = DrawTime.AddMinutes(1);
        Assert.Equal(1, await _s.Service.TickAsync(CancellationToken.None));
        await _s.Queue.DeliverAllAsync(_s.Service);
        var proof = await ProofAsync("twice");
        Assert.Equal(sealedDraw.EntrySetDigest, proof.EntrySetDigest);
        var winners = proof.Tiers.Sum(t => t.Count);
        var pass = Assert.Single(proof.Passes);
        Assert.Equal(("already-won", "draw-evening-000001", winners + 1), (pass.Reason, pass.FromAwardId, pass.ToRank));

        // After the draw the next alternate in line is disqualified; when a winner then declines, the prize skips them.
        await _s.Disqualified.TryAddAsync(new Disqualification("twice", EntrantOf(winners + 2), ranking[winners + 1].Pseudonym, "冒名", new Core.Admins.AdminRef(null, "admin"), _s.Clock.Now), default);
        await _s.Claims.DeclineAsync("twice", new Entrant(EntrantOf(2), false), default);
        _s.Clock.Now += TimeSpan.FromHours(1);
        var after = await _s.ProofAsync("twice", "evening");
        Assert.Equal(2, after.Passes.Count);
        Assert.Equal(("declined", winners + 3), (after.Passes[1].Reason, after.Passes[1].ToRank));
    }
}
