using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FanRewards.Core.Admins;
using FanRewards.Testing;
using Microsoft.Extensions.Configuration;

namespace FanRewards.DevHost.Tests;

/// <summary>
/// The real Function App in the DevHost on Azurite, driven over HTTP the way an admin and a follower would: seeds
/// loaded into an empty store, a campaign created, edited and published, then entered.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class FunctionAppEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = FunctionAppSession.FunctionKey;
    private FunctionAppSession _app = null!;

    private HttpClient Client => _app.Client;

    public async Task InitializeAsync() => _app = await FunctionAppSession.StartAsync(azurite, "e2e", "e2e", new Dictionary<string, string?>
    {
        ["FanRewards:LeaderboardCacheSeconds"] = "0",
        ["FanRewards:FigureFlushSeconds"] = "1",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Health_checks_storage_and_the_seeds_are_served_open()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/health")).StatusCode);

        var campaigns = await Client.GetFromJsonAsync<JsonElement>("/api/campaigns");

        var ids = campaigns.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToHashSet();
        Assert.Contains("lantern-festival-2027", ids);
        Assert.Equal(6, ids.Count);
        Assert.All(campaigns.EnumerateArray(), c => Assert.Equal("open", c.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Authorization", "Bearer not-a-token")]
    [InlineData("x-functions-key", Key)] // the function key no longer opens the admin API: the admin token is the only key
    [InlineData("X-Actor", "wang-zhuren")] // a name in a header no longer signs anyone in
    public async Task The_admin_api_without_an_admin_token_is_401(string? header, string? value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/manage/campaigns");
        if (header is not null) request.Headers.TryAddWithoutValidation(header, value);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:fanrewards:problem:admin-unauthorized", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_admin_creates_edits_and_publishes_a_campaign_and_the_public_sees_it_without_answers()
    {
        var created = await Admin(HttpMethod.Post, "manage/campaigns", """{"id":"e2e-lantern","title":"草稿"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/campaigns/e2e-lantern")).StatusCode); // drafts are invisible

        var now = DateTimeOffset.UtcNow;
        var campaign = TestCampaign.Riddle("e2e-lantern", now, riddles: 0)
            .WithoutDraws()
            .OpenBetween(now.AddMinutes(-1), now.AddHours(1))
            .ClaimsUntil(now.AddDays(14))
            .WithDraw("main", now.AddHours(2), ["pass"], alternates: 2)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告", "secret-answer"], hint: "打一字")
            .ChangePrize("pass", p => p with { Count = 2 })
            .Build();
        var definition = Json(campaign.Definition with { Id = null }); // an edit names its campaign in the route only
        var stale = await Admin(HttpMethod.Put, "manage/campaigns/e2e-lantern", definition, ifMatch: "W/\"datetime'2000-01-01T00%3A00%3A00Z'\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var edited = await Admin(HttpMethod.Put, "manage/campaigns/e2e-lantern", definition, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var blocked = await Admin(HttpMethod.Post, "manage/campaigns/e2e-lantern/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blocked.StatusCode);
        var errors = (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("prizes", out _));

        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Put, "manage/campaigns/e2e-lantern/riddles", Json(campaign.Riddles))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Put, "manage/campaigns/e2e-lantern/prizes", Json(campaign.Prizes))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/e2e-lantern/publish", null)).StatusCode);

        var page = await Client.GetAsync("/api/campaigns/e2e-lantern");
        var text = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("一口咬掉牛尾巴", text);
        Assert.DoesNotContain("secret-answer", text);
        Assert.Equal(HttpStatusCode.Conflict,
            (await Admin(HttpMethod.Put, "manage/campaigns/e2e-lantern/prizes", """[{"id":"pass","name":"x","kind":"physical","valueYuan":1,"count":1}]""")).StatusCode);

        var audit = await (await Admin(HttpMethod.Get, "manage/campaigns/e2e-lantern/audit", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["publish", "replace-prizes", "replace-riddles", "update", "create"],
            audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit.EnumerateArray(), a => Assert.EndsWith("+08:00", a.GetProperty("at").GetString()));
        Assert.All(audit.EnumerateArray(), a => Assert.Equal("e2e", a.GetProperty("actor").GetProperty("name").GetString()));
        Assert.Equal(["campaign-published", "prizes-replaced", "riddles-replaced", "campaign-updated", "campaign-created"],
            audit.EnumerateArray().Select(a => a.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_follower_answers_a_seed_riddle_wrong_then_right_likes_checks_in_and_sees_it_all_in_mine()
    {
        var token = await DevToken("worker-007", member: true);

        var wrong = await Entrant(token, "campaigns/lantern-festival-2027/riddles/r01/answers", """{"answer":"吉"}""");
        var right = await Entrant(token, "campaigns/lantern-festival-2027/riddles/r01/answers", """{"answer":" 告！"}""");
        var like = await Entrant(token, "campaigns/model-worker-likes-2027/candidates/zhao-jianguo/likes", null);
        var checkin = await Entrant(token, "campaigns/workers-walk-2027/activities/daily-steps/checkins", """{"value":23456}""");
        var message = await Entrant(token, "campaigns/womens-day-2027/activities/womens-day-messages/messages", """{"text":"<script>alert(1)</script>节日快乐"}""");

        Assert.False(wrong.GetProperty("correct").GetBoolean());
        Assert.Equal(2, wrong.GetProperty("attemptsLeft").GetInt32());
        Assert.True(right.GetProperty("correct").GetBoolean());
        Assert.True(like.GetProperty("counted").GetBoolean());
        // Movie tickets go first come: the seeds' demo codes make this like win one, with its own code.
        Assert.StartsWith("DEMO-", like.GetProperty("prize").GetProperty("voucherCode").GetString());
        Assert.Equal(20000, checkin.GetProperty("counted").GetInt64());
        Assert.Equal("pending", message.GetProperty("status").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/campaigns/lantern-festival-2027");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var mine = await (await Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var riddles = mine.GetProperty("activities")[0];
        Assert.Equal(1, riddles.GetProperty("total").GetInt32());
        var r01 = riddles.GetProperty("riddles").EnumerateArray().Single(r => r.GetProperty("riddleId").GetString() == "r01");
        Assert.Equal(2, r01.GetProperty("attempts").GetInt32());
        Assert.True(r01.GetProperty("correct").GetBoolean());

        // The board reads the tallies the figure flush writes (every second here), so the like shows after the next flush.
        await Poll.UntilAsync(async () =>
        {
            var board = await Client.GetFromJsonAsync<JsonElement>("/api/campaigns/model-worker-likes-2027/leaderboard");
            var zhao = board.GetProperty("activities")[0].GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "zhao-jianguo");
            return zhao.GetProperty("total").GetInt64() == 1;
        }, TimeSpan.FromSeconds(30), "the like on the leaderboard");

        var queued = await Admin(HttpMethod.Get, "manage/campaigns/womens-day-2027/messages?status=pending", null);
        var queue = await queued.Content.ReadAsStringAsync();
        // Returned as data, never markup: a JSON string, in a body that says it is JSON and may not be sniffed as HTML
        // (text is written as text since issue #15, so the JSON holds "<script>" itself).
        Assert.Contains("\"<script>alert(1)</script>节日快乐\"", queue);
        Assert.Equal("application/json", queued.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(queued.Headers.GetValues("X-Content-Type-Options")));
        Assert.DoesNotContain("\\u", queue);
    }

    [Fact]
    public async Task Responses_about_a_campaign_give_times_at_its_offset_and_write_text_as_text()
    {
        const string campaign = "manage/campaigns/lantern-festival-2027";
        var disqualified = await Admin(HttpMethod.Post, campaign + "/entrants/e2e-cheat/disqualify", """{"reason":"Tom's 3 accounts + 1 more"}""");
        Assert.Equal(HttpStatusCode.OK, disqualified.StatusCode);
        var bodies = new List<(string Path, string Body)> { ("disqualify", await disqualified.Content.ReadAsStringAsync()) };
        foreach (var path in new[] { campaign, campaign + "/audit", campaign + "/disqualifications", campaign + "/draws", campaign + "/events", campaign + "/figures" })
        {
            var response = await Admin(HttpMethod.Get, path, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.Add((path, await response.Content.ReadAsStringAsync()));
        }
        bodies.Add(("public page", await Client.GetStringAsync("/api/campaigns/lantern-festival-2027")));

        var times = 0;
        foreach (var (path, body) in bodies)
        {
            Assert.DoesNotContain("\\u", body); // Chinese, '+' and apostrophes as they are
            // An instant carries the campaign's offset; a definition's local times ("2027-02-12T20:00:00", how admins
            // write them) are the campaign's by definition and carry none.
            foreach (var text in Strings(JsonDocument.Parse(body).RootElement).Where(t => Instant().IsMatch(t)))
            {
                Assert.True(text.EndsWith("+08:00", StringComparison.Ordinal), $"{path}: {text} is not at Asia/Shanghai's offset");
                times++;
            }
        }
        Assert.Contains("Tom's 3 accounts + 1 more", bodies[0].Body);
        Assert.True(times >= 8, $"only {times} times found");
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex Instant();

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    [Fact]
    public async Task Entering_without_a_token_is_401_and_members_only_campaigns_refuse_others_with_403()
    {
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns/lantern-festival-2027/riddles/r01/answers")
        {
            Content = new StringContent("""{"answer":"告"}""", Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(anonymous)).StatusCode);

        var token = await DevToken("not-a-member", member: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns/womens-day-2027/activities/womens-day-messages/messages")
        {
            Content = new StringContent("""{"text":"节日快乐，姐妹们"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_campaign_draws_itself_on_schedule_through_the_queues_and_anyone_can_recompute_the_result()
    {
        var closes = DateTimeOffset.UtcNow.AddSeconds(6);
        var campaign = TestCampaign.Riddle("e2e-draw", closes, riddles: 0)
            .WithoutDraws()
            .OpenBetween(closes.AddMinutes(-5), closes)
            .ClaimsUntil(closes.AddDays(14))
            .WithDraw("main", closes.AddSeconds(1), ["pass"], alternates: 2)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"])
            .ChangePrize("pass", p => p with { Count = 2 })
            .Build();
        Assert.Equal(HttpStatusCode.Created, (await Admin(HttpMethod.Post, "manage/campaigns", Json(campaign.Definition))).StatusCode);
        await Admin(HttpMethod.Put, "manage/campaigns/e2e-draw/riddles", Json(campaign.Riddles));
        await Admin(HttpMethod.Put, "manage/campaigns/e2e-draw/prizes", Json(campaign.Prizes));
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/e2e-draw/publish", null)).StatusCode);
        var commitment = (await Client.GetFromJsonAsync<JsonElement>("/api/campaigns/e2e-draw"))
            .GetProperty("schedule").GetProperty("draws")[0].GetProperty("commitment").GetString();

        var tokens = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var token = await DevToken($"drawer-{i}", member: false);
            tokens.Add(token);
            await Entrant(token, "campaigns/e2e-draw/riddles/r1/answers", """{"answer":"告"}""");
        }

        JsonElement proof = default;
        await Poll.UntilAsync(async () =>
        {
            proof = await Client.GetFromJsonAsync<JsonElement>("/api/campaigns/e2e-draw/draws/main/proof");
            return proof.GetProperty("state").GetString() == "drawn";
        }, TimeSpan.FromSeconds(60), "the scheduled draw to finish");

        Assert.Equal(commitment, proof.GetProperty("commitment").GetString());
        var seed = Convert.FromHexString(proof.GetProperty("seed").GetString()!);
        Assert.Equal(commitment, Core.Fairness.DrawScoring.Commitment(seed));
        var entries = (await Client.GetFromJsonAsync<JsonElement>("/api/campaigns/e2e-draw/draws/main/entries"))
            .GetProperty("entries").EnumerateArray()
            .Select(e => new Core.Draws.DrawEntry(e.GetProperty("pseudonym").GetString()!, e.GetProperty("weight").GetInt32())).ToList();
        Assert.Equal(6, entries.Count);
        Assert.Equal(Core.Draws.EntrySetDigest.Of(entries.Select(e => (e.Pseudonym, e.Weight))), proof.GetProperty("entrySetDigest").GetString());
        var recomputed = Core.Draws.DrawRanking.Rank(seed, "e2e-draw", "main", entries, [new Core.Draws.DrawTier("pass", 2)], 2);
        Assert.Equal(recomputed.Select(r => r.Pseudonym), proof.GetProperty("ranking").EnumerateArray().Select(r => r.GetProperty("pseudonym").GetString()));

        // Each entrant's own page shows their salt; with it (and only with it) they find themselves in the entry set.
        var salts = new List<string>();
        foreach (var (token, i) in tokens.Select((t, i) => (t, i)))
        {
            var own = await Mine(token, "e2e-draw");
            var salt = own.GetProperty("salt").GetString()!;
            salts.Add(salt);
            Assert.Equal(Core.Entries.Pseudonym.Of("e2e-draw", $"drawer-{i}", salt), own.GetProperty("pseudonym").GetString());
            Assert.Contains(entries, e => e.Pseudonym == Core.Entries.Pseudonym.Of("e2e-draw", $"drawer-{i}", salt));
            Assert.DoesNotContain(entries, e => e.Pseudonym == Core.Entries.Pseudonym.Of("e2e-draw", $"drawer-{i}", (string?)null));
        }

        // The published verifier, run against the live API with the entrant's salt, agrees.
        var downloader = new FanRewards.Verifier.DrawDownloader(Client);
        var report = FanRewards.Verifier.DrawVerifier.Verify(await downloader.GetProofAsync("e2e-draw", "main"),
            await downloader.GetEntriesAsync("e2e-draw", "main"), "drawer-0", salts[0]);
        Assert.True(report.Matches, report.Verdict);

        var winners = await Client.GetFromJsonAsync<JsonElement>("/api/campaigns/e2e-draw/winners");
        Assert.Equal(2, winners[0].GetProperty("tiers")[0].GetProperty("winners").GetArrayLength());
        // What a CDN may keep of a drawn draw: entry pages for good, the proof for minutes, the winners for 30 s.
        var (entryPage, proofPage, winnersPage) = (await Public("campaigns/e2e-draw/draws/main/entries"),
            await Public("campaigns/e2e-draw/draws/main/proof"), await Public("campaigns/e2e-draw/winners"));
        Assert.Equal("public, max-age=31536000, immutable", entryPage.Headers.CacheControl!.ToString());
        Assert.Equal("public, max-age=300", proofPage.Headers.CacheControl!.ToString());
        Assert.Equal("public, max-age=30", winnersPage.Headers.CacheControl!.ToString());
        var winnersTag = winnersPage.Headers.ETag!;
        Assert.Equal(HttpStatusCode.NotModified, (await Public("campaigns/e2e-draw/winners", winnersTag)).StatusCode);
        var rerun = await Admin(HttpMethod.Post, "manage/campaigns/e2e-draw/draws/main/run", null);
        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/campaigns/e2e-draw");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[0]);
        var mine = await (await Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(mine.GetProperty("draws")[0].GetProperty("included").GetBoolean());
        var csv = await (await Admin(HttpMethod.Get, "manage/campaigns/e2e-draw/draws/main/winners.csv?reason=e2e%20check", null)).Content.ReadAsStringAsync();
        Assert.Contains("drawer-", csv);

        // A winner claims the travel pass: a bad phone number first, then properly; the public sees only the mask.
        var firstPseudonym = proof.GetProperty("ranking")[0].GetProperty("pseudonym").GetString();
        var winner = Enumerable.Range(0, 6).First(i => Core.Entries.Pseudonym.Of("e2e-draw", $"drawer-{i}", salts[i]) == firstPseudonym);
        var badClaim = await EntrantRaw(tokens[winner], "me/campaigns/e2e-draw/claims", """{"name":"张三","phone":"12345","address":"陕西省西安市雁塔区某路1号"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badClaim.StatusCode);
        Assert.Equal("application/problem+json", badClaim.Content.Headers.ContentType!.MediaType);
        var claimed = await Entrant(tokens[winner], "me/campaigns/e2e-draw/claims", """{"name":"张三","phone":"13800138000","address":"陕西省西安市雁塔区某路1号"}""");
        Assert.Equal("claimed", claimed.GetProperty("status").GetString());
        var afterClaim = await Public("campaigns/e2e-draw/winners", winnersTag); // a claim on this instance shows at once
        Assert.Equal(HttpStatusCode.OK, afterClaim.StatusCode);
        Assert.NotEqual(winnersTag, afterClaim.Headers.ETag);
        var shown = await afterClaim.Content.ReadAsStringAsync();
        Assert.Contains("138****8000", shown);
        Assert.DoesNotContain("13800138000", shown);
        var export = await (await Admin(HttpMethod.Get, "manage/campaigns/e2e-draw/awards.csv?reason=e2e%20check", null)).Content.ReadAsStringAsync();
        Assert.Contains("13800138000", export); // the fulfilment export is the one place the number is whole
        var listed = await (await Admin(HttpMethod.Get, "manage/campaigns/e2e-draw/awards", null)).Content.ReadFromJsonAsync<JsonElement>();
        var claimedAward = listed.EnumerateArray().Single(a => a.GetProperty("status").GetString() == "claimed");
        Assert.Equal("138****8000", claimedAward.GetProperty("contact").GetProperty("phone").GetString());
        Assert.DoesNotContain("13800138000", listed.GetRawText());
        Assert.DoesNotContain(firstPseudonym![..12], shown); // the winners list shows no pseudonym prefix

        await AssertPseudonymKeyShownNowhereAsync("e2e-draw", tokens[winner]);
    }

    /// <summary>
    /// The campaign's secret pseudonym key, read from its row, appears in no admin or public response and no export,
    /// in hex or base64.
    /// </summary>
    private async Task AssertPseudonymKeyShownNowhereAsync(string campaignId, string entrantToken)
    {
        var row = await new Azure.Data.Tables.TableClient(azurite.ConnectionString, _app.TablePrefix + "Campaigns")
            .GetEntityAsync<Azure.Data.Tables.TableEntity>("campaign", campaignId);
        var key = row.Value.GetBinary("PseudonymKey");
        Assert.Equal(32, key.Length);
        string[] forms = [Convert.ToHexStringLower(key), Convert.ToHexString(key), Convert.ToBase64String(key), Convert.ToBase64String(key).TrimEnd('='),
            Convert.ToBase64String(key).Replace('+', '-').Replace('/', '_').TrimEnd('=')];
        var texts = new List<(string Path, string Text)>();
        foreach (var path in new[]
        {
            "manage/campaigns", $"manage/campaigns/{campaignId}", $"manage/campaigns/{campaignId}/audit", $"manage/campaigns/{campaignId}/awards",
            $"manage/campaigns/{campaignId}/awards.csv?reason=key%20check", $"manage/campaigns/{campaignId}/draws", $"manage/campaigns/{campaignId}/draws/main/winners.csv?reason=key%20check",
            $"manage/campaigns/{campaignId}/events", $"manage/campaigns/{campaignId}/figures", $"manage/campaigns/{campaignId}/disqualifications",
        })
        {
            var response = await Admin(HttpMethod.Get, path, null);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
            texts.Add((path, await response.Content.ReadAsStringAsync()));
        }
        foreach (var path in new[]
        {
            "campaigns", $"campaigns/{campaignId}", $"campaigns/{campaignId}/draws/main/proof", $"campaigns/{campaignId}/draws/main/entries",
            $"campaigns/{campaignId}/winners",
        })
        {
            var response = await Public(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
            texts.Add((path, await response.Content.ReadAsStringAsync()));
        }
        texts.Add(($"me/campaigns/{campaignId}", (await Mine(entrantToken, campaignId)).GetRawText()));

        foreach (var (path, text) in texts)
            Assert.All(forms, form => Assert.False(text.Contains(form, StringComparison.Ordinal), $"{path} shows the pseudonym key"));
    }

    private async Task<JsonElement> Mine(string token, string campaignId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/me/campaigns/{campaignId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_draw_with_two_witnesses_seals_waits_for_a_reveal_and_an_excuse_and_the_verifier_agrees()
    {
        var closes = DateTimeOffset.UtcNow.AddSeconds(6);
        var notary = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var union = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var campaign = TestCampaign.Riddle("e2e-witness", closes, riddles: 0)
            .WithoutDraws()
            .OpenBetween(closes.AddMinutes(-5), closes)
            .ClaimsUntil(closes.AddDays(14))
            .WithDraw("main", closes.AddSeconds(1), ["pass"], alternates: 2)
            .WithWitnesses("main", closes.AddSeconds(2), ("notary", "西安市公证处", Core.Fairness.DrawScoring.Commitment(notary)),
                ("union", "职工代表", Core.Fairness.DrawScoring.Commitment(union)))
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"])
            .ChangePrize("pass", p => p with { Count = 2 })
            .Build();
        Assert.Equal(HttpStatusCode.Created, (await Admin(HttpMethod.Post, "manage/campaigns", Json(campaign.Definition))).StatusCode);
        await Admin(HttpMethod.Put, "manage/campaigns/e2e-witness/riddles", Json(campaign.Riddles));
        await Admin(HttpMethod.Put, "manage/campaigns/e2e-witness/prizes", Json(campaign.Prizes));
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/e2e-witness/publish", null)).StatusCode);
        for (var i = 0; i < 6; i++)
            await Entrant(await DevToken($"witnessed-{i}", member: false), "campaigns/e2e-witness/riddles/r1/answers", """{"answer":"告"}""");

        const string reveal = "/api/campaigns/e2e-witness/draws/main/witnesses/notary/reveal";
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync(reveal, new { secret = Convert.ToHexStringLower(notary) })).StatusCode);
        await Poll.UntilAsync(async () => (await Client.GetFromJsonAsync<JsonElement>("/api/campaigns/e2e-witness/draws/main/proof"))
            .GetProperty("state").GetString() == "sealed", TimeSpan.FromSeconds(60), "the draw to seal at its cutoff");
        var wrong = await Client.PostAsJsonAsync(reveal, new { secret = Convert.ToHexStringLower(union) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync(reveal, new { secret = Convert.ToHexStringLower(notary) })).StatusCode);

        // The union cannot come: excused once the reveal deadline has passed.
        HttpResponseMessage excused = null!;
        await Poll.UntilAsync(async () =>
        {
            excused = await Admin(HttpMethod.Post, "manage/campaigns/e2e-witness/draws/main/witnesses/union/excuse", """{"reason":"未能到场"}""");
            return excused.StatusCode != HttpStatusCode.Conflict;
        }, TimeSpan.FromSeconds(30), "the reveal deadline to pass");
        Assert.Equal(HttpStatusCode.OK, excused.StatusCode);

        JsonElement proof = default;
        await Poll.UntilAsync(async () =>
        {
            proof = await Client.GetFromJsonAsync<JsonElement>("/api/campaigns/e2e-witness/draws/main/proof");
            return proof.GetProperty("state").GetString() == "drawn";
        }, TimeSpan.FromSeconds(60), "the witnessed draw to finish");
        Assert.Equal(["revealed", "excused"], proof.GetProperty("witnesses").EnumerateArray().Select(w => w.GetProperty("state").GetString()));
        var seed = Convert.FromHexString(proof.GetProperty("seed").GetString()!);
        Assert.Equal(Convert.ToHexStringLower(Core.Fairness.DrawScoring.DrawSeed(seed, [notary])), proof.GetProperty("drawSeed").GetString());

        // The entrant's own salt (shown only to them) lets the verifier find them in the sealed set.
        var salt = (await Mine(await DevToken("witnessed-0", member: false), "e2e-witness")).GetProperty("salt").GetString();
        var downloader = new FanRewards.Verifier.DrawDownloader(Client);
        var report = FanRewards.Verifier.DrawVerifier.Verify(await downloader.GetProofAsync("e2e-witness", "main"),
            await downloader.GetEntriesAsync("e2e-witness", "main"), "witnessed-0", salt);
        Assert.True(report.Matches, report.Verdict + ": " + string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => c.Name + " " + c.Detail)));
        Assert.Contains(report.Checks, c => c.Name.Contains("witness 'notary'"));
    }

    [Fact]
    public async Task The_metrics_show_an_accepted_riddle_answer_to_an_admin_with_any_role_only()
    {
        var token = await DevToken("metrics-fan", member: true);
        await Entrant(token, "campaigns/lantern-festival-2027/riddles/r01/answers", """{"answer":"告"}""");

        var anonymous = await Client.GetAsync("/api/manage/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:fanrewards:problem:admin-unauthorized", (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        // The function key no longer opens it (admin routes answer to admin tokens only), nor does an entrant's token.
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/manage/metrics");
        withKey.Headers.Add("x-functions-key", Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(withKey)).StatusCode);
        using var withEntrantToken = new HttpRequestMessage(HttpMethod.Get, "/api/manage/metrics");
        withEntrantToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(withEntrantToken)).StatusCode);

        using var metricsRequest = new HttpRequestMessage(HttpMethod.Get, "/api/manage/metrics");
        metricsRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _app.AdminTokenAsync("metrics-reader", [AdminRoles.Auditor]));
        var metrics = await Client.SendAsync(metricsRequest);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var body = await metrics.Content.ReadFromJsonAsync<JsonElement>();
        var accepted = body.GetProperty("instruments").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "fanrewards.entries.accepted");
        Assert.Equal("counter", accepted.GetProperty("kind").GetString());
        Assert.True(accepted.GetProperty("total").GetDouble() >= 1);
        Assert.Contains(accepted.GetProperty("series").EnumerateArray(), s =>
            s.GetProperty("tags").GetProperty("campaign").GetString() == "lantern-festival-2027"
            && s.GetProperty("tags").GetProperty("activity.kind").GetString() == "riddle" && s.GetProperty("value").GetDouble() >= 1);
        Assert.DoesNotContain("metrics-fan", body.GetRawText());
    }

    [Fact]
    public async Task The_figures_show_accepted_entries_per_activity_and_rejections_by_reason_to_the_key_holder_only()
    {
        var token = await DevToken("figures-fan", member: true);
        await Entrant(token, "campaigns/lantern-festival-2027/riddles/r02/answers", """{"answer":"不对"}""");
        using (var anonymous = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns/lantern-festival-2027/riddles/r02/answers"))
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(anonymous)).StatusCode);

        JsonElement figures = default;
        await Poll.UntilAsync(async () =>
        {
            var response = await Admin(HttpMethod.Get, "manage/campaigns/lantern-festival-2027/figures", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            figures = await response.Content.ReadFromJsonAsync<JsonElement>();
            return figures.GetProperty("activities").EnumerateArray().Any(a => a.GetProperty("accepted").GetInt64() >= 1)
                   && figures.GetProperty("rejects").EnumerateArray().Any(r => r.GetProperty("reason").GetString() == "unauthorized");
        }, TimeSpan.FromSeconds(30), "the answer and the rejection in the figures");

        Assert.Equal("Asia/Shanghai", figures.GetProperty("timeZone").GetString());
        var hour = figures.GetProperty("hours").EnumerateArray().First();
        Assert.EndsWith(":00:00+08:00", hour.GetProperty("hour").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/manage/campaigns/lantern-festival-2027/figures")).StatusCode);
        var unknown = await Admin(HttpMethod.Get, "manage/campaigns/no-such-campaign/figures", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Public_reads_say_what_a_cdn_may_keep_and_answer_304_while_personal_and_admin_answers_stay_private()
    {
        var page = await Public("campaigns/lantern-festival-2027");
        var notModified = await Public("campaigns/lantern-festival-2027", page.Headers.ETag);
        var list = await Public("campaigns");
        var proof = await Public("campaigns/lantern-festival-2027/draws/lantern-draw/proof");
        var winners = await Public("campaigns/lantern-festival-2027/winners");
        var leaderboard = await Public("campaigns/lantern-festival-2027/leaderboard");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.ETag is { IsWeak: false }, "a strong ETag");
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(page.Headers.ETag, notModified.Headers.ETag);
        Assert.All([page, notModified, list, proof, leaderboard], r => Assert.Equal("public, max-age=5", r.Headers.CacheControl!.ToString()));
        Assert.Equal("public, max-age=30", winners.Headers.CacheControl!.ToString());

        using var mine = new HttpRequestMessage(HttpMethod.Get, "/api/me/campaigns/lantern-festival-2027");
        mine.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await DevToken("cache-reader", member: false));
        var personal = await Client.SendAsync(mine);
        var admin = await Admin(HttpMethod.Get, "manage/campaigns/lantern-festival-2027", null);
        var missing = await Public("campaigns/no-such-campaign");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (personal.StatusCode, admin.StatusCode, missing.StatusCode));
        // (The admin's campaign carries its storage ETag for If-Match edits; it is still never cached.)
        Assert.All([personal, admin, missing, await Client.GetAsync("/api/health")], r =>
            Assert.True(r.Headers.CacheControl is { Private: true, NoStore: true, Public: false }, r.Headers.CacheControl?.ToString()));
        Assert.All([personal, missing], r => Assert.Null(r.Headers.ETag));
    }

    private async Task<HttpResponseMessage> Public(string path, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/" + path);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(ifNoneMatch);
        return await Client.SendAsync(request);
    }

    private static string Json<T>(T value) => FunctionAppSession.Json(value);

    private Task<HttpResponseMessage> Admin(HttpMethod method, string path, string? body, string? ifMatch = null) =>
        _app.AdminAsync(method, path, body, ifMatch: ifMatch);

    private Task<string> DevToken(string sub, bool member) => _app.DevTokenAsync(sub, member);

    private async Task<HttpResponseMessage> EntrantRaw(string token, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/" + path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    private async Task<JsonElement> Entrant(string token, string path, string? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
