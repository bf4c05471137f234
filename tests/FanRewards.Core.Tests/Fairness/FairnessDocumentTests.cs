using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;
using FanRewards.Core.Json;
using static FanRewards.Core.Tests.Fairness.FairnessDocument;

namespace FanRewards.Core.Tests.Fairness;

/// <summary>
/// docs/FAIRNESS.md promises that a stranger can re-run a draw from the page alone. Its Trust v2 worked example (salted
/// pseudonyms, two witnesses, one excused) is recomputed here with the production code, number by number, so that
/// neither the page nor the code can change without the other.
/// </summary>
public class FairnessDocumentTests
{
    [Fact]
    public void The_seed_and_both_witness_commitments_are_the_sha256_of_their_bytes()
    {
        var inputs = KeyValues("inputs");
        var witnesses = Records("witnesses");

        // The page says the example's values are the bytes 0x00.., 0x20.., 0x40.. and 0x60..: hold it to that.
        Assert.Equal(Counting(0), Hex(inputs["pseudonymKey"]));
        Assert.Equal(Counting(32), Hex(inputs["seed"]));
        Assert.Equal(inputs["commitment"], DrawScoring.Commitment(Hex(inputs["seed"])));
        Assert.Equal(("notary", "revealed"), (witnesses[0]["witness"], witnesses[0]["state"]));
        Assert.Equal(("members-rep", "excused"), (witnesses[1]["witness"], witnesses[1]["state"]));
        Assert.Equal(2, witnesses.Count);
        Assert.Equal(Counting(64), Hex(witnesses[0]["secret"]));
        Assert.Equal(Counting(96), Hex(witnesses[1]["secret"]));
        Assert.All(witnesses, w => Assert.Equal(w["commitment"], DrawScoring.Commitment(Hex(w["secret"]))));
    }

    [Fact]
    public void The_draw_seed_mixes_the_seed_with_the_revealed_secret_only()
    {
        var drawSeed = KeyValues("draw-seed");
        var revealed = Records("witnesses").Where(w => w["state"] == "revealed").ToList();

        Assert.Equal("seed, " + string.Join(", ", revealed.Select(w => w["witness"])), drawSeed["mixed"]);
        Assert.Equal(drawSeed["drawSeed"], Convert.ToHexStringLower(DrawScoring.DrawSeed(Seed(), revealed.Select(w => Hex(w["secret"])).ToList())));
        Assert.Equal(drawSeed["drawSeed"], Convert.ToHexStringLower(SHA256.HashData(Seed().Concat(Hex(revealed.Single()["secret"])).ToArray())));
    }

    [Fact]
    public void The_excused_witness_secret_mixed_in_would_give_another_draw_seed_and_another_draw()
    {
        var drawSeed = KeyValues("draw-seed");
        var everySecret = Records("witnesses").Select(w => Hex(w["secret"])).ToList();

        var allMixed = DrawScoring.DrawSeed(Seed(), everySecret);

        Assert.Equal(drawSeed["ifAllMixed"], Convert.ToHexStringLower(allMixed));
        Assert.NotEqual(drawSeed["drawSeed"], drawSeed["ifAllMixed"]);
        Assert.NotEqual(Convert.ToHexStringLower(Seed()), drawSeed["drawSeed"]);
        Assert.NotEqual(Ranking(DrawSeed()), Ranking(allMixed));
    }

    [Fact]
    public void Every_salt_pseudonym_and_number_of_every_entrant_is_reproduced()
    {
        var inputs = KeyValues("inputs");
        var (campaignId, drawId, key, drawSeed) = (inputs["campaignId"], inputs["drawId"], Hex(inputs["pseudonymKey"]), DrawSeed());
        var entrants = Records("entrants");
        Assert.Equal(5, entrants.Count);
        Assert.Contains(entrants, e => e["weight"] is "2" or "3");

        foreach (var e in entrants)
        {
            var salt = Pseudonym.SaltOf(key, e["entrant"]);
            Assert.Equal(e["salt"], salt);
            var pseudonym = Pseudonym.Of(campaignId, e["entrant"], salt);
            Assert.Equal(e["pseudonym"], pseudonym);
            Assert.Equal(pseudonym, Pseudonym.Of(campaignId, e["entrant"], key));
            Assert.NotEqual(pseudonym, Pseudonym.Of(campaignId, e["entrant"], (string?)null));
            Assert.Equal(e["message"], $"{campaignId}|{drawId}|{pseudonym}");

            // The mac and n are not exposed by Core (it goes straight to u), so they are recomputed from the page's message.
            var mac = HMACSHA256.HashData(drawSeed, Encoding.UTF8.GetBytes(e["message"]));
            Assert.Equal(e["mac"], Convert.ToHexStringLower(mac));
            var n = BinaryPrimitives.ReadUInt64BigEndian(mac) >> 11;
            Assert.Equal(ulong.Parse(e["n"], CultureInfo.InvariantCulture), n);

            var u = DrawScoring.Uniform(drawSeed, campaignId, drawId, pseudonym);
            Assert.Equal(ParseDouble(e["u"]), u);
            Assert.Equal((n + 0.5) / 9007199254740992.0, u);
            Assert.Equal(e["u"], u.ToString("G17", CultureInfo.InvariantCulture));

            var score = DrawScoring.Score(drawSeed, campaignId, drawId, pseudonym, ParseInt(e["weight"]));
            // 17 significant digits (G17, trailing zeros dropped) as printed on the page.
            Assert.Equal(e["score"], score.ToString("G17", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_sealed_entry_set_lines_digest_and_count_are_reproduced()
    {
        var entries = DocumentEntries();
        var lines = Block("entry-set");
        var digest = KeyValues("digest");

        Assert.Equal(string.Concat(entries.OrderBy(e => e.Pseudonym, StringComparer.Ordinal).Select(e => $"{e.Pseudonym},{e.Weight}\n")), lines);
        Assert.Equal(digest["entrySetDigest"], Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines))));
        Assert.Equal(digest["entrySetDigest"], EntrySetDigest.Of(entries.Select(e => (e.Pseudonym, e.Weight))));
        Assert.Equal(long.Parse(digest["entryCount"], CultureInfo.InvariantCulture), entries.Count);
    }

    [Fact]
    public void The_ranking_is_reproduced_with_the_draw_seed()
    {
        var rows = Block("ranking").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rank,pseudonym,weight,score,prizeId", rows[0]);
        var published = rows.Skip(1).Select(r => r.Split(',')).Select(f => new RankedEntry(
            ParseInt(f[0]), f[1], ParseInt(f[2]), ParseDouble(f[3]), f[4] == "-" ? null : f[4])).ToList();

        var ranking = Ranking(DrawSeed());

        Assert.Equal(published, ranking);
        Assert.Equal((2, 2), (ranking.Count(r => r.PrizeId is not null), ranking.Count(r => r.PrizeId is null)));
        Assert.Equal(published.Select(r => r.Score.ToString("G17", CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r.Split(',')[3]));
    }

    [Fact]
    public void The_example_proof_has_the_contract_members_and_agrees_with_the_rule()
    {
        using var json = JsonDocument.Parse(Block("proof"));
        var root = json.RootElement;
        string[] members = ["campaignId", "drawId", "state", "commitment", "witnesses", "revealBy", "waitingFor", "sealedAt", "entrySetDigest",
            "entryCount", "seed", "drawSeed", "tiers", "winners", "alternates", "ranking", "drawnAt", "passes"];
        Assert.Equal(members, root.EnumerateObject().Select(p => p.Name));

        // The members DrawProof has today, read as the API's serialiser reads them; the Trust v2 additions are checked below.
        var proof = JsonSerializer.Deserialize<DrawProof>(Block("proof"), Lenient)!;
        var inputs = KeyValues("inputs");
        Assert.Equal((inputs["campaignId"], inputs["drawId"], "drawn"), (proof.CampaignId, proof.DrawId, proof.State));
        Assert.Equal(inputs["commitment"], proof.Commitment);
        Assert.Equal(inputs["seed"], proof.Seed);
        Assert.Equal(DrawScoring.Commitment(Hex(proof.Seed!)), proof.Commitment);
        Assert.Equal(JsonSerializer.Deserialize<List<DrawTier>>(inputs["tiers"], FanRewardsJson.Options), proof.Tiers);
        Assert.Equal(ParseInt(inputs["alternates"]), proof.Alternates);
        Assert.Equal(KeyValues("digest")["entrySetDigest"], proof.EntrySetDigest);
        Assert.Equal(DocumentEntries().Count, proof.EntryCount);
        Assert.Equal(Ranking(DrawSeed()), proof.Ranking);
        Assert.Equal(proof.Ranking.Count(r => r.PrizeId is not null), proof.Winners);

        // The draw seed, recomputed from what the proof itself shows: each revealed secret checked against its commitment.
        var witnesses = root.GetProperty("witnesses").EnumerateArray().ToList();
        var revealedSecrets = new List<byte[]>();
        foreach (var (shown, listed) in witnesses.Zip(Records("witnesses")))
        {
            Assert.Equal((listed["witness"], listed["name"], listed["commitment"], listed["state"]),
                (Text(shown, "id"), Text(shown, "name"), Text(shown, "commitment"), Text(shown, "state")));
            if (listed["state"] == "revealed")
            {
                Assert.Equal(listed["secret"], Text(shown, "secret"));
                Assert.Equal(Text(shown, "commitment"), DrawScoring.Commitment(Hex(Text(shown, "secret"))));
                revealedSecrets.Add(Hex(Text(shown, "secret")));
            }
            else
            {
                // An excused witness never revealed: the proof shows who excused them, when and why, and no secret.
                Assert.False(shown.TryGetProperty("secret", out _));
                string[] excuse = ["excusedBy", "excusedAt", "excuseReason"];
                Assert.All(excuse, m => Assert.NotEmpty(Text(shown, m)));
            }
        }
        Assert.Equal(2, witnesses.Count);
        Assert.Equal(KeyValues("draw-seed")["drawSeed"], Text(root, "drawSeed"));
        Assert.Equal(Text(root, "drawSeed"), Convert.ToHexStringLower(DrawScoring.DrawSeed(Hex(proof.Seed!), revealedSecrets)));
        Assert.Equal(0, root.GetProperty("waitingFor").GetArrayLength());
    }

    [Fact]
    public void The_example_proof_times_follow_the_timeline_and_its_pass_goes_to_the_first_alternate()
    {
        using var json = JsonDocument.Parse(Block("proof"));
        var root = json.RootElement;
        var notary = root.GetProperty("witnesses")[0];
        var representative = root.GetProperty("witnesses")[1];
        var pass = Assert.Single(root.GetProperty("passes").EnumerateArray().ToList());

        // Seal, then reveal; an excuse only after revealBy; the draw after both; a disqualification after the draw.
        DateTimeOffset[] order = [Time(root, "sealedAt"), Time(notary, "revealedAt"), Time(root, "revealBy"), Time(representative, "excusedAt"),
            Time(root, "drawnAt"), Time(pass, "at")];
        Assert.Equal(order.Order(), order);
        Assert.All(order, t => Assert.Equal(TimeSpan.FromHours(8), t.Offset));

        var proof = JsonSerializer.Deserialize<DrawProof>(Block("proof"), Lenient)!;
        var firstAlternate = proof.Ranking.First(r => r.PrizeId is null);
        Assert.Equal(("disqualified", "travel-annual-pass", firstAlternate.Rank), (Text(pass, "reason"), Text(pass, "prizeId"), pass.GetProperty("toRank").GetInt32()));
        Assert.Equal($"draw-{proof.DrawId}-{2:D6}", Text(pass, "fromAwardId"));
        Assert.Equal($"draw-{proof.DrawId}-{firstAlternate.Rank:D6}", Text(pass, "toAwardId"));
        Assert.Equal("wang.fang", Records("entrants").Single(e => e["pseudonym"] == proof.Ranking[1].Pseudonym)["entrant"]);
    }

    [Fact]
    public void The_example_entry_page_is_what_the_api_serialiser_reads_and_holds_the_sealed_set()
    {
        var page = JsonSerializer.Deserialize<DrawEntryPage>(Block("entries"), FanRewardsJson.Options)!;

        Assert.Null(page.Next);
        Assert.Equal(DocumentEntries().OrderBy(e => e.Pseudonym, StringComparer.Ordinal), page.Entries);
        Assert.Equal(KeyValues("digest")["entrySetDigest"], EntrySetDigest.Of(page.Entries.Select(e => (e.Pseudonym, e.Weight))));
    }

    [Fact]
    public void The_reference_verifier_uses_only_the_standard_library_and_checks_the_published_example()
    {
        var python = Block("reference-verifier", prefix: "");
        var lines = python.TrimEnd('\n').Split('\n');

        Assert.InRange(lines.Length, 30, 70);
        Assert.Contains("Python 3.8 or later", python);
        Assert.Contains("import hashlib, hmac, json, math, sys", python);
        Assert.DoesNotContain(lines, l => l.StartsWith("import ", StringComparison.Ordinal) && l != "import hashlib, hmac, json, math, sys");
        Assert.Contains("bytes(range(32))", python);
        Assert.Contains("bytes(range(32, 64))", python);
        Assert.Contains("bytes(range(64, 96))", python);
        Assert.All(Records("entrants"), e => Assert.Contains($"\"{e["entrant"]}\": {e["weight"]}", python));

        // The values its example mode compares against are the page's own.
        Assert.Contains($"\"{KeyValues("inputs")["commitment"]}\"", python);
        Assert.All(Records("witnesses"), w => Assert.Contains($"\"{w["commitment"]}\"", python));
        Assert.Contains($"\"{KeyValues("draw-seed")["drawSeed"]}\"", python);
        Assert.Contains($"\"{KeyValues("digest")["entrySetDigest"]}\"", python);
        var byPseudonym = Records("entrants").ToDictionary(e => e["pseudonym"], e => e["entrant"]);
        Assert.Contains("order = [" + string.Join(", ", Ranking(DrawSeed()).Select(r => $"\"{byPseudonym[r.Pseudonym]}\"")) + "]", python);

        // The entrant's own check shown beside it uses that entrant's real salt.
        var zhang = Records("entrants").Single(e => e["entrant"] == "zhang.wei");
        Assert.Contains($"python3 verify_draw.py proof.json entries.json zhang.wei {zhang["salt"]}", All);
    }

    private static readonly JsonSerializerOptions Lenient = new(FanRewardsJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    private static byte[] Counting(int from) => Enumerable.Range(from, 32).Select(i => (byte)i).ToArray();

    private static byte[] Seed() => Hex(KeyValues("inputs")["seed"]);

    private static byte[] DrawSeed() => Hex(KeyValues("draw-seed")["drawSeed"]);

    private static List<DrawEntry> DocumentEntries() =>
        Records("entrants").Select(e => new DrawEntry(e["pseudonym"], ParseInt(e["weight"]))).ToList();

    private static IReadOnlyList<RankedEntry> Ranking(byte[] drawSeed)
    {
        var inputs = KeyValues("inputs");
        var tiers = JsonSerializer.Deserialize<List<DrawTier>>(inputs["tiers"], FanRewardsJson.Options)!;
        return DrawRanking.Rank(drawSeed, inputs["campaignId"], inputs["drawId"], DocumentEntries(), tiers, ParseInt(inputs["alternates"]));
    }

    private static string Text(JsonElement element, string member) => element.GetProperty(member).GetString() ?? "";

    private static DateTimeOffset Time(JsonElement element, string member) =>
        DateTimeOffset.ParseExact(Text(element, member), "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
