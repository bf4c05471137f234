using FanRewards.Core.Draws;
using FanRewards.Core.Entries;

namespace FanRewards.Verifier.Tests;

public class DrawVerifierTests
{
    [Fact]
    public void An_honest_draw_matches()
    {
        var draw = PublishedDraw.Create();

        var report = DrawVerifier.Verify(draw.Proof, draw.Entries);

        Assert.True(report.Matches, report.Verdict);
        Assert.Equal("MATCH", report.Verdict);
        Assert.All(report.Checks, c => Assert.True(c.Passed, c.Name + ": " + c.Detail));
        Assert.Contains(report.Checks, c => c.Name.Contains("commitment"));
        Assert.Contains(report.Checks, c => c.Name.Contains("digest"));
        Assert.Contains(report.Checks, c => c.Name.Contains("count"));
        Assert.Contains(report.Checks, c => c.Name.Contains("ranking"));
    }

    [Fact]
    public void The_order_the_entries_come_in_does_not_matter()
    {
        var draw = PublishedDraw.Create();
        var reversed = Enumerable.Reverse(draw.Entries).ToList();

        Assert.True(DrawVerifier.Verify(draw.Proof, reversed).Matches);
    }

    [Fact]
    public void A_changed_weight_is_caught_by_the_digest()
    {
        var draw = PublishedDraw.Create();
        var entries = draw.Entries.Select((e, i) => i == 17 ? e with { Weight = e.Weight + 1 } : e).ToList();

        var report = DrawVerifier.Verify(draw.Proof, entries);

        Assert.False(report.Matches);
        Assert.False(Check(report, "digest").Passed);
        Assert.True(Check(report, "count").Passed);
        Assert.StartsWith("MISMATCH: ", report.Verdict);
    }

    [Fact]
    public void An_added_entry_is_caught_by_the_digest_and_the_count()
    {
        var draw = PublishedDraw.Create();
        var entries = draw.Entries.Append(new DrawEntry(draw.PseudonymOf("ghost"), 1)).ToList();

        var report = DrawVerifier.Verify(draw.Proof, entries);

        Assert.False(Check(report, "digest").Passed);
        Assert.False(Check(report, "count").Passed);
    }

    [Fact]
    public void A_removed_entry_is_caught_by_the_digest_and_the_count()
    {
        var draw = PublishedDraw.Create();
        // Remove someone who did not win, so that only the entry set, not the ranking, gives it away.
        var loser = draw.Entries.First(e => draw.Proof.Ranking.All(r => r.Pseudonym != e.Pseudonym));
        var entries = draw.Entries.Where(e => e != loser).ToList();

        var report = DrawVerifier.Verify(draw.Proof, entries);

        Assert.False(Check(report, "digest").Passed);
        Assert.False(Check(report, "count").Passed);
        Assert.True(Check(report, "ranking").Passed);
    }

    [Fact]
    public void A_repeated_entry_is_reported_not_thrown()
    {
        var draw = PublishedDraw.Create();
        var entries = draw.Entries.Append(draw.Entries[3]).ToList();

        var report = DrawVerifier.Verify(draw.Proof, entries);

        Assert.False(Check(report, "repeated").Passed);
        Assert.False(Check(report, "ranking").Passed);
    }

    [Fact]
    public void A_weight_outside_the_rule_is_reported_not_thrown()
    {
        var draw = PublishedDraw.Create();
        var entries = draw.Entries.Select((e, i) => i == 0 ? e with { Weight = 0 } : e).ToList();

        var report = DrawVerifier.Verify(draw.Proof, entries);

        Assert.False(Check(report, "weight").Passed);
        Assert.False(report.Matches);
    }

    [Fact]
    public void Two_swapped_ranks_are_caught()
    {
        var draw = PublishedDraw.Create();
        var r = draw.Proof.Ranking;
        var swapped = r.Select((x, i) => i switch
        {
            0 => r[1] with { Rank = 1, PrizeId = r[0].PrizeId },
            1 => r[0] with { Rank = 2, PrizeId = r[1].PrizeId },
            _ => x,
        }).ToList();

        var report = DrawVerifier.Verify(draw.Proof with { Ranking = swapped }, draw.Entries);

        var check = Check(report, "ranking");
        Assert.False(check.Passed);
        Assert.Contains("position 1", check.Detail);
        Assert.Contains("position 2", check.Detail);
        Assert.True(Check(report, "digest").Passed);
    }

    [Fact]
    public void A_different_prize_is_caught()
    {
        var draw = PublishedDraw.Create();
        var ranking = draw.Proof.Ranking.Select(x => x.Rank == 3 ? x with { PrizeId = "travel-annual-pass" } : x).ToList();

        var report = DrawVerifier.Verify(draw.Proof with { Ranking = ranking }, draw.Entries);

        Assert.False(Check(report, "ranking").Passed);
        Assert.Contains("position 3", Check(report, "ranking").Detail);
    }

    [Fact]
    public void A_score_off_by_one_bit_is_caught()
    {
        var draw = PublishedDraw.Create();
        var ranking = draw.Proof.Ranking.Select(x => x.Rank == 4 ? x with { Score = Math.BitIncrement(x.Score) } : x).ToList();

        Assert.False(Check(DrawVerifier.Verify(draw.Proof with { Ranking = ranking }, draw.Entries), "ranking").Passed);
    }

    [Fact]
    public void A_shortened_ranking_and_a_wrong_winner_count_are_caught()
    {
        var draw = PublishedDraw.Create();

        Assert.False(Check(DrawVerifier.Verify(draw.Proof with { Ranking = draw.Proof.Ranking.Take(3).ToList() }, draw.Entries), "ranking").Passed);
        Assert.False(Check(DrawVerifier.Verify(draw.Proof with { Winners = 4 }, draw.Entries), "winners").Passed);
    }

    [Fact]
    public void A_seed_that_does_not_match_the_commitment_is_caught()
    {
        var draw = PublishedDraw.Create();
        var other = PublishedDraw.Create(seedByte: 11);

        // Another seed, honestly ranked with it, but not the seed committed to before entries opened.
        var report = DrawVerifier.Verify(other.Proof with { Commitment = draw.Proof.Commitment }, other.Entries);

        Assert.False(Check(report, "commitment").Passed);
        Assert.True(Check(report, "ranking").Passed);
        Assert.False(report.Matches);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00")]
    [InlineData("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")]
    public void A_missing_or_malformed_seed_fails(string? seed)
    {
        var draw = PublishedDraw.Create();

        var report = DrawVerifier.Verify(draw.Proof with { Seed = seed }, draw.Entries);

        Assert.False(Check(report, "seed").Passed);
        Assert.False(Check(report, "ranking").Passed);
    }

    [Fact]
    public void An_entrant_finds_their_pseudonym_score_and_rank()
    {
        var draw = PublishedDraw.Create();
        var winner = draw.Proof.Ranking[0];
        var id = Enumerable.Range(0, 250).Select(PublishedDraw.EntrantId).Single(i => draw.PseudonymOf(i) == winner.Pseudonym);

        var finding = DrawVerifier.Verify(draw.Proof, draw.Entries, id, draw.SaltOf(id)).Entrant!;

        Assert.True(finding.InEntrySet);
        Assert.Equal(winner.Pseudonym, finding.Pseudonym);
        Assert.Equal(winner.Score, finding.Score);
        Assert.Equal(1, finding.Place);
        Assert.Equal(winner, finding.Ranked);
    }

    [Fact]
    public void An_entrant_outside_the_ranks_sees_their_place()
    {
        var draw = PublishedDraw.Create();
        var outside = Enumerable.Range(0, 250).Select(PublishedDraw.EntrantId)
            .First(i => draw.Proof.Ranking.All(r => r.Pseudonym != draw.PseudonymOf(i)));

        var report = DrawVerifier.Verify(draw.Proof, draw.Entries, outside, draw.SaltOf(outside));

        Assert.True(report.Matches);
        Assert.Null(report.Entrant!.Ranked);
        Assert.InRange(report.Entrant.Place!.Value, draw.Proof.Ranking.Count + 1, 250);
    }

    [Fact]
    public void An_entrant_not_in_the_set_is_a_mismatch_of_what_they_asked()
    {
        var draw = PublishedDraw.Create();

        var report = DrawVerifier.Verify(draw.Proof, draw.Entries, "never-entered");

        Assert.False(report.Entrant!.InEntrySet);
        Assert.False(report.Matches);
        Assert.Contains("never-entered", report.Verdict);
    }

    [Fact]
    public void Without_their_salt_an_entrant_of_a_salted_draw_is_not_found_and_with_it_they_are()
    {
        var draw = PublishedDraw.Create();
        var id = PublishedDraw.EntrantId(17);

        var unsalted = DrawVerifier.Verify(draw.Proof, draw.Entries, id);
        var salted = DrawVerifier.Verify(draw.Proof, draw.Entries, id, draw.SaltOf(id));

        // Anyone may hash a guessed id the old way: the result is in no published list, so the guess tells nothing.
        Assert.False(unsalted.Entrant!.InEntrySet);
        Assert.False(unsalted.Entrant.Salted);
        Assert.Equal(Pseudonym.Of(PublishedDraw.CampaignId, id, (string?)null), unsalted.Entrant.Pseudonym);
        Assert.DoesNotContain(draw.Entries, e => e.Pseudonym == unsalted.Entrant.Pseudonym);
        Assert.True(salted.Matches);
        Assert.True(salted.Entrant!.InEntrySet);
        Assert.True(salted.Entrant.Salted);
        Assert.Equal(draw.PseudonymOf(id), salted.Entrant.Pseudonym);
    }

    [Fact]
    public void A_draw_of_a_campaign_published_before_salts_is_checked_with_the_unsalted_rule()
    {
        var draw = PublishedDraw.Create(salted: false);
        var id = PublishedDraw.EntrantId(17);

        var report = DrawVerifier.Verify(draw.Proof, draw.Entries, id);

        Assert.True(report.Matches);
        Assert.True(report.Entrant!.InEntrySet);
        Assert.Equal(Pseudonym.Of(PublishedDraw.CampaignId, id, (string?)null), report.Entrant.Pseudonym);
    }

    [Fact]
    public void Another_entrants_salt_finds_nobody()
    {
        var draw = PublishedDraw.Create();

        var report = DrawVerifier.Verify(draw.Proof, draw.Entries, PublishedDraw.EntrantId(17), draw.SaltOf(PublishedDraw.EntrantId(18)));

        Assert.False(report.Entrant!.InEntrySet);
        Assert.False(report.Matches);
    }

    private static VerificationCheck Check(VerificationReport report, string nameContains) =>
        Assert.Single(report.Checks, c => c.Name.Contains(nameContains, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void A_draw_with_witnesses_is_checked_against_their_commitments_and_the_derived_draw_seed()
    {
        var draw = PublishedDraw.Create();
        var secret = Enumerable.Repeat((byte)9, 32).ToArray();
        var drawSeed = FanRewards.Core.Fairness.DrawScoring.DrawSeed(draw.Seed, [secret]);
        var proof = draw.Proof with
        {
            DrawSeed = Convert.ToHexStringLower(drawSeed),
            Ranking = DrawRanking.Rank(drawSeed, draw.Proof.CampaignId, draw.Proof.DrawId, draw.Entries, draw.Proof.Tiers, draw.Proof.Alternates),
            SealedAt = "2027-02-20T18:00:05+08:00",
            RevealBy = "2027-02-20T20:30:00+08:00",
            Witnesses =
            [
                new WitnessView("notary", "公证处", FanRewards.Core.Fairness.DrawScoring.Commitment(secret), "revealed", Convert.ToHexStringLower(secret),
                    "2027-02-20T20:01:00+08:00", null, null, null),
                new WitnessView("union", "职工代表", new string('c', 64), "excused", null, null, "admin", "2027-02-20T21:00:00+08:00", "未能到场"),
            ],
        };

        var report = DrawVerifier.Verify(proof, draw.Entries);
        Assert.True(report.Matches, string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => c.Name + ": " + c.Detail)));
        Assert.Contains(report.Checks, c => c.Name.Contains("witness 'notary'"));
        Assert.Contains(report.Checks, c => c.Name.Contains("draw seed"));

        // Scored with the bare seed instead, or with a secret that is not the committed one: a mismatch.
        Assert.False(DrawVerifier.Verify(proof with { Ranking = draw.Proof.Ranking }, draw.Entries).Matches);
        var forged = proof with { Witnesses = [proof.Witnesses[0] with { Secret = new string('d', 64) }, proof.Witnesses[1]] };
        Assert.False(DrawVerifier.Verify(forged, draw.Entries).Matches);

        // A secret shown before the seal, or an excuse before the deadline: the times in the proof say so.
        var revealedEarly = DrawVerifier.Verify(proof with { SealedAt = "2027-02-20T20:01:01+08:00" }, draw.Entries);
        Assert.False(Check(revealedEarly, "witness 'notary' (公证处) revealed after the seal").Passed);
        Assert.False(revealedEarly.Matches);
        var excusedEarly = DrawVerifier.Verify(proof with { RevealBy = "2027-02-20T21:00:01+08:00" }, draw.Entries);
        Assert.False(Check(excusedEarly, "excused after the reveal deadline").Passed);
        Assert.False(excusedEarly.Matches);
        Assert.False(DrawVerifier.Verify(proof with { SealedAt = null }, draw.Entries).Matches);
    }
}
