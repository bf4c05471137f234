using System.Text.Json;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;

namespace FanRewards.Functions.Tests.Entries;

/// <summary>
/// Salted pseudonyms on real Table Storage (Azurite): the campaign's secret key is made by the publish and never
/// changes after; an entrant finds themselves in the published entry set with the salt their own page shows, and
/// nobody can test a guessed id against what is public.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SaltedPseudonymTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;
    private DrawScenario _scenario = null!;

    public async Task InitializeAsync() => _scenario = await DrawScenario.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_publish_makes_the_key_in_its_own_write_and_no_later_change_alters_it()
    {
        var published = await _scenario.PublishAsync("keyed", draws: 1);
        var stored = await _scenario.CampaignAsync("keyed");

        Assert.NotNull(published.PseudonymKey);
        Assert.Equal(published.PseudonymKey, stored.PseudonymKey);
        var row = await _scenario.Tables.Campaigns.GetEntityAsync<Azure.Data.Tables.TableEntity>("campaign", "keyed");
        Assert.Equal(PseudonymKey.Length, row.Value.GetBinary("PseudonymKey").Length); // a binary column of the campaign's row

        // A second publish is refused (no longer a draft) and makes no key; closing and archiving keep the key.
        await Assert.ThrowsAsync<Core.ProblemException>(() => _scenario.Admin.PublishAsync("keyed", null, TestAdmins.Named("admin"), CancellationToken.None));
        Assert.Equal(published.PseudonymKey, (await _scenario.CampaignAsync("keyed")).PseudonymKey);
        await _scenario.Admin.CloseAsync("keyed", null, TestAdmins.Named("admin"), CancellationToken.None);
        await _scenario.Admin.ArchiveAsync("keyed", null, TestAdmins.Named("admin"), CancellationToken.None);
        Assert.Equal(published.PseudonymKey, (await _scenario.CampaignAsync("keyed")).PseudonymKey);
    }

    [Fact]
    public async Task Concurrent_first_publishes_store_exactly_one_key_which_every_entry_then_uses()
    {
        var draft = TestCampaign.Riddle("first", Start);
        await _scenario.Admin.CreateAsync(draft.BuildDefinition(), TestAdmins.Named("admin"), CancellationToken.None);
        await _scenario.Admin.ReplaceRiddlesAsync("first", TestCampaign.NumberedRiddles(2), null, TestAdmins.Named("admin"), CancellationToken.None);
        await _scenario.Admin.ReplacePrizesAsync("first", draft.Build().Prizes, null, TestAdmins.Named("admin"), CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                return (await _scenario.Admin.PublishAsync("first", null, TestAdmins.Named("admin"), CancellationToken.None)).Campaign.PseudonymKey;
            }
            catch (Core.ProblemException)
            {
                return null; // lost the race: the campaign is no longer a draft
            }
        }));

        var winner = Assert.Single(outcomes, k => k is not null);
        Assert.Equal(winner, (await _scenario.CampaignAsync("first")).PseudonymKey);
        Assert.NotEqual(winner, (await _scenario.PublishAsync("second", draws: 1)).PseudonymKey); // a key of its own per campaign
    }

    [Fact]
    public async Task With_only_public_data_a_guessed_id_tests_nothing_while_the_entrant_finds_themselves_with_their_salt()
    {
        var campaign = await _scenario.PublishAsync("guess", draws: 1);
        await _scenario.EnterAsync(campaign, 30);
        _scenario.Clock.Now = Start.AddHours(8).AddMinutes(1);
        await _scenario.Service.TickAsync(CancellationToken.None);
        await _scenario.Queue.DeliverAllAsync(_scenario.Service);

        // Everything the public gets: the entry set, the proof and the winners list.
        var entrySet = await _scenario.ReadWholeEntrySetAsync("guess", "evening");
        var proof = await _scenario.ProofAsync("guess", "evening");
        Assert.Equal("drawn", proof.State);
        var published = JsonSerializer.Serialize(entrySet, FanRewardsJson.Options) + JsonSerializer.Serialize(proof, FanRewardsJson.Options)
            + JsonSerializer.Serialize(await _scenario.WinnersAsync("guess"), FanRewardsJson.Options);
        var inSet = entrySet.Select(e => e.Pseudonym).ToHashSet(StringComparer.Ordinal);

        foreach (var id in new[] { "fan-001", "fan-002", "fan-004" }) // each answered one riddle right or more: in the set
        {
            var guessed = Pseudonym.Of("guess", id, (string?)null);
            Assert.DoesNotContain(guessed, inSet);
            Assert.DoesNotContain(guessed[..12], published);

            var mine = await _scenario.Entries.GetMineAsync("guess", new Entrant(id, false), CancellationToken.None);
            Assert.Matches("^[0-9a-f]{64}$", mine.Salt);
            Assert.Contains(Pseudonym.Of("guess", id, mine.Salt), inSet);
            Assert.Equal(Pseudonym.Of("guess", id, mine.Salt), mine.Pseudonym);
            Assert.DoesNotContain(mine.Salt!, published);
        }
        // The winners list names ranks, never a pseudonym or a part of one.
        var winners = JsonSerializer.Serialize(await _scenario.WinnersAsync("guess"), FanRewardsJson.Options);
        Assert.DoesNotContain("pseudonym", winners, StringComparison.OrdinalIgnoreCase);
        Assert.All(proof.Ranking, r => Assert.DoesNotContain(r.Pseudonym[..8], winners));
    }

    [Fact]
    public async Task A_campaign_published_before_salts_keeps_the_unsalted_rule_and_shows_a_null_salt()
    {
        var campaign = await _scenario.PublishAsync("legacy", draws: 1);
        await _scenario.UsePseudonymKeyOfAsync("legacy", campaign with { PseudonymKey = null });
        await _scenario.EnterAsync(await _scenario.CampaignAsync("legacy"), 3);

        var mine = await _scenario.Entries.GetMineAsync("legacy", new Entrant("fan-001", false), CancellationToken.None);

        Assert.Null(mine.Salt);
        Assert.Equal(Pseudonym.Of("legacy", "fan-001", (string?)null), mine.Pseudonym);
        Assert.True(mine.Activities.Single(a => a.ActivityId == "riddles").Entered);
        Assert.Contains("\"salt\":null", JsonSerializer.Serialize(mine, FanRewardsJson.Options));
    }
}
