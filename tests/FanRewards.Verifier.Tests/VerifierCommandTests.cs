using System.Net;
using FanRewards.Core.Draws;

namespace FanRewards.Verifier.Tests;

public sealed class VerifierCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fanrewards-verify-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<int> Run(HttpMessageHandler? handler, params string[] args) => VerifierCommand.RunAsync(args, _out, _err, handler);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Files_with_one_entry_page_match()
    {
        var draw = PublishedDraw.Create();
        var proof = Write("proof.json", PublishedDraw.Json(draw.Proof));
        var entries = Write("entries.json", PublishedDraw.Json(new DrawEntryPage(draw.Entries, null)));

        var code = await Run(null, "verify", "--proof", proof, "--entries", entries);

        Assert.Equal(0, code);
        Assert.EndsWith("MATCH" + Environment.NewLine, _out.ToString());
        Assert.DoesNotContain("✗", _out.ToString());
        Assert.Contains("✓ SHA-256(seed) equals the commitment", _out.ToString());
    }

    [Fact]
    public async Task Files_with_an_array_of_entries_match()
    {
        var draw = PublishedDraw.Create();
        var proof = Write("proof.json", PublishedDraw.Json(draw.Proof));
        var entries = Write("entries.json", PublishedDraw.Json(draw.Entries));

        Assert.Equal(0, await Run(null, "verify", "--proof", proof, "--entries", entries));
    }

    [Fact]
    public async Task Tampered_files_are_a_mismatch_with_exit_code_1()
    {
        var draw = PublishedDraw.Create();
        var proof = Write("proof.json", PublishedDraw.Json(draw.Proof));
        var entries = Write("entries.json", PublishedDraw.Json(draw.Entries.Skip(1).ToList()));

        var code = await Run(null, "verify", "--proof", proof, "--entries", entries);

        Assert.Equal(1, code);
        Assert.Contains("✗ entry-set digest", _out.ToString());
        Assert.Contains("MISMATCH: ", _out.ToString());
    }

    [Fact]
    public async Task Http_mode_downloads_the_proof_and_follows_every_page()
    {
        var draw = PublishedDraw.Create(entrantCount: 2345);
        var api = new FakeDrawApi(draw);

        var code = await Run(api, "verify", "--base-url", "http://127.0.0.1:7071", "--campaign", PublishedDraw.CampaignId, "--draw", PublishedDraw.DrawId);

        Assert.True(code == 0, _out.ToString() + _err.ToString());
        Assert.Equal("/api/campaigns/lantern-festival-2027/draws/lantern-draw/proof", api.Requests[0].AbsolutePath);
        var pages = api.Requests.Skip(1).ToList();
        Assert.Equal(3, pages.Count); // 1000 + 1000 + 345
        Assert.Equal("?limit=1000", pages[0].Query);
        Assert.Equal($"?limit=1000&after={draw.Entries[999].Pseudonym}", pages[1].Query);
        Assert.Equal($"?limit=1000&after={draw.Entries[1999].Pseudonym}", pages[2].Query);
        Assert.Contains("2,345 entries", _out.ToString());
    }

    [Fact]
    public async Task Http_mode_copes_with_smaller_pages_than_asked_and_reports_an_entrant()
    {
        var draw = PublishedDraw.Create();
        var api = new FakeDrawApi(draw, pageSize: 7);
        var entrant = PublishedDraw.EntrantId(5);

        var code = await Run(api, "verify", "--campaign", PublishedDraw.CampaignId, "--draw", PublishedDraw.DrawId, "--entrant", entrant);

        Assert.Equal(0, code);
        Assert.Equal(1 + (250 + 6) / 7, api.Requests.Count);
        Assert.Contains($"Entrant {entrant}", _out.ToString());
        Assert.Contains($"pseudonym {FanRewards.Core.Entries.Pseudonym.Of(PublishedDraw.CampaignId, entrant)}", _out.ToString());
        Assert.Contains("among all entries", _out.ToString());
    }

    [Fact]
    public async Task Http_mode_reports_a_tampered_proof_as_a_mismatch()
    {
        var draw = PublishedDraw.Create();
        var tampered = draw with { Proof = draw.Proof with { Ranking = draw.Proof.Ranking.Select(r => r.Rank == 2 ? r with { PrizeId = "health-checkup-card" } : r).ToList() } };

        var code = await Run(new FakeDrawApi(tampered), "verify", "--campaign", PublishedDraw.CampaignId, "--draw", PublishedDraw.DrawId);

        Assert.Equal(1, code);
        Assert.Contains("✗ recomputed ranking equals the published ranking", _out.ToString());
    }

    [Fact]
    public async Task An_unknown_draw_is_exit_code_2()
    {
        var code = await Run(new FakeDrawApi(PublishedDraw.Create()), "verify", "--campaign", "nope", "--draw", "nope");

        Assert.Equal(2, code);
        Assert.Contains("404", _err.ToString());
    }

    [Fact]
    public async Task A_network_failure_is_exit_code_2()
    {
        var api = new FakeDrawApi(PublishedDraw.Create()) { Override = _ => throw new HttpRequestException("Connection refused") };

        var code = await Run(api, "verify", "--campaign", PublishedDraw.CampaignId, "--draw", PublishedDraw.DrawId);

        Assert.Equal(2, code);
        Assert.Contains("Connection refused", _err.ToString());
    }

    [Fact]
    public async Task A_cursor_that_does_not_advance_is_exit_code_2_not_a_loop()
    {
        var draw = PublishedDraw.Create();
        var stuck = $$"""{"entries":[{"pseudonym":"{{draw.Entries[0].Pseudonym}}","weight":1}],"next":"{{draw.Entries[0].Pseudonym}}"}""";
        var api = new FakeDrawApi(draw)
        {
            Override = r => r.RequestUri!.AbsolutePath.EndsWith("/entries", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(stuck) }
                : null,
        };

        Assert.Equal(2, await Run(api, "verify", "--campaign", PublishedDraw.CampaignId, "--draw", PublishedDraw.DrawId));
        Assert.Contains("does not advance", _err.ToString());
    }

    [Fact]
    public async Task A_draw_not_over_yet_is_exit_code_2()
    {
        var draw = PublishedDraw.Create();
        var scheduled = draw with { Proof = draw.Proof with { State = "scheduled", Seed = null, Ranking = [] } };

        Assert.Equal(2, await Run(new FakeDrawApi(scheduled), "verify", "--campaign", PublishedDraw.CampaignId, "--draw", PublishedDraw.DrawId));
        Assert.Contains("not revealed yet", _err.ToString());
    }

    [Theory]
    [InlineData()]
    [InlineData("check")]
    [InlineData("verify")]
    [InlineData("verify", "--campaign", "c")]
    [InlineData("verify", "--proof", "p.json")]
    [InlineData("verify", "--campaign", "c", "--draw", "d", "--bogus", "x")]
    [InlineData("verify", "--campaign", "c", "--draw")]
    [InlineData("verify", "--campaign", "c", "--campaign", "d", "--draw", "d")]
    [InlineData("verify", "--proof", "p.json", "--entries", "e.json", "--campaign", "c")]
    [InlineData("verify", "--base-url", "ftp://x", "--campaign", "c", "--draw", "d")]
    public async Task Usage_errors_are_exit_code_2(params string[] args)
    {
        Assert.Equal(2, await Run(new FakeDrawApi(PublishedDraw.Create()), args));
        Assert.Contains("Usage:", _err.ToString());
    }

    [Fact]
    public async Task A_missing_or_unreadable_file_is_exit_code_2()
    {
        var entries = Write("entries.json", "[]");
        var notJson = Write("proof.json", "{ not json");

        Assert.Equal(2, await Run(null, "verify", "--proof", Path.Combine(_dir, "missing.json"), "--entries", entries));
        Assert.Equal(2, await Run(null, "verify", "--proof", notJson, "--entries", entries));
        Assert.Equal(2, await Run(null, "verify", "--proof", Write("p2.json", "{}"), "--entries", entries));
    }

    [Fact]
    public async Task Witness_new_prints_a_fresh_secret_and_its_commitment_and_says_to_hand_over_only_the_commitment()
    {
        Assert.Equal(VerifierCommand.Match, await Run(null, "witness", "new"));
        var lines = _out.ToString().Split('\n');
        var secret = lines.Single(l => l.StartsWith("secret:", StringComparison.Ordinal))["secret:".Length..].Trim();
        var commitment = lines.Single(l => l.StartsWith("commitment:", StringComparison.Ordinal))["commitment:".Length..].Trim();
        Assert.Equal(FanRewards.Core.Fairness.DrawScoring.Commitment(Convert.FromHexString(secret)), commitment);
        Assert.Contains("only the commitment", _out.ToString());
    }
}
