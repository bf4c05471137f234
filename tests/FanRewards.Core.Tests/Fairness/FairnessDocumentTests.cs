using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;
using FanRewards.Core.Json;

namespace FanRewards.Core.Tests.Fairness;

/// <summary>
/// docs/FAIRNESS.md promises that a stranger can re-run a draw from the page alone. Its worked example is recomputed here
/// with the production code, number by number, so that neither the page nor the code can change without the other.
/// The blocks are found by the HTML comment that precedes each fenced block (<c>&lt;!-- worked-example:… --&gt;</c>).
/// </summary>
public partial class FairnessDocumentTests
{
    private static readonly Lazy<string> Document = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "FAIRNESS.md")));

    [Fact]
    public void The_commitment_is_the_sha256_of_the_seed()
    {
        var inputs = Inputs();

        Assert.Equal("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", inputs["seed"]);
        Assert.Equal(inputs["commitment"], DrawScoring.Commitment(Convert.FromHexString(inputs["seed"])));
    }

    [Fact]
    public void Every_number_of_every_entrant_is_reproduced()
    {
        var inputs = Inputs();
        var seed = Convert.FromHexString(inputs["seed"]);
        var entrants = Entrants();
        Assert.Equal(5, entrants.Count);

        foreach (var e in entrants)
        {
            var pseudonym = Pseudonym.Of(inputs["campaignId"], e["entrant"], (string?)null);
            Assert.Equal(e["pseudonym"], pseudonym);
            Assert.Equal(e["message"], $"{inputs["campaignId"]}|{inputs["drawId"]}|{pseudonym}");

            // The mac and n are not exposed by Core (it goes straight to u), so they are recomputed from the page's message.
            var mac = HMACSHA256.HashData(seed, Encoding.UTF8.GetBytes(e["message"]));
            Assert.Equal(e["mac"], Convert.ToHexStringLower(mac));
            var n = BinaryPrimitives.ReadUInt64BigEndian(mac) >> 11;
            Assert.Equal(ulong.Parse(e["n"], CultureInfo.InvariantCulture), n);

            var u = DrawScoring.Uniform(seed, inputs["campaignId"], inputs["drawId"], pseudonym);
            Assert.Equal(ParseDouble(e["u"]), u);
            Assert.Equal((n + 0.5) / 9007199254740992.0, u);

            var weight = int.Parse(e["weight"], CultureInfo.InvariantCulture);
            Assert.Equal(ParseDouble(e["score"]), DrawScoring.Score(seed, inputs["campaignId"], inputs["drawId"], pseudonym, weight));
            // 17 significant digits (G17, trailing zeros dropped) as printed on the page.
            Assert.Equal(e["score"], DrawScoring.Score(seed, inputs["campaignId"], inputs["drawId"], pseudonym, weight).ToString("G17", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_entry_set_lines_and_digest_are_reproduced()
    {
        var entries = DocumentEntries();
        var lines = Block("entry-set");
        var digest = KeyValues(Block("digest"));

        Assert.Equal(string.Concat(entries.OrderBy(e => e.Pseudonym, StringComparer.Ordinal).Select(e => $"{e.Pseudonym},{e.Weight}\n")), lines);
        Assert.Equal(digest["entrySetDigest"], Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines))));
        Assert.Equal(digest["entrySetDigest"], EntrySetDigest.Of(entries.Select(e => (e.Pseudonym, e.Weight))));
        Assert.Equal(long.Parse(digest["entryCount"], CultureInfo.InvariantCulture), entries.Count);
    }

    [Fact]
    public void The_ranking_is_reproduced()
    {
        var inputs = Inputs();
        var tiers = JsonSerializer.Deserialize<List<DrawTier>>(inputs["tiers"], FanRewardsJson.Options)!;
        var alternates = int.Parse(inputs["alternates"], CultureInfo.InvariantCulture);
        var rows = Block("ranking").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rank,pseudonym,weight,score,prizeId", rows[0]);
        var published = rows.Skip(1).Select(r => r.Split(',')).Select(f => new RankedEntry(
            int.Parse(f[0], CultureInfo.InvariantCulture), f[1], int.Parse(f[2], CultureInfo.InvariantCulture), ParseDouble(f[3]), f[4] == "-" ? null : f[4])).ToList();

        var ranking = DrawRanking.Rank(Convert.FromHexString(inputs["seed"]), inputs["campaignId"], inputs["drawId"], DocumentEntries(), tiers, alternates);

        Assert.Equal(published, ranking);
        Assert.Equal(4, ranking.Count);
    }

    [Fact]
    public void The_example_proof_and_entry_page_are_what_the_api_serialiser_reads_and_they_agree_with_the_rule()
    {
        var proof = JsonSerializer.Deserialize<DrawProof>(Block("proof"), FanRewardsJson.Options)!;
        var page = JsonSerializer.Deserialize<DrawEntryPage>(Block("entries"), FanRewardsJson.Options)!;
        var seed = Convert.FromHexString(proof.Seed!);

        Assert.Equal(Inputs()["commitment"], proof.Commitment);
        Assert.Equal(DrawScoring.Commitment(seed), proof.Commitment);
        Assert.Null(page.Next);
        Assert.Equal(DocumentEntries().OrderBy(e => e.Pseudonym, StringComparer.Ordinal), page.Entries);
        Assert.Equal(proof.EntrySetDigest, EntrySetDigest.Of(page.Entries.Select(e => (e.Pseudonym, e.Weight))));
        Assert.Equal(proof.EntryCount, page.Entries.Count);
        Assert.Equal(DrawRanking.Rank(seed, proof.CampaignId, proof.DrawId, page.Entries, proof.Tiers, proof.Alternates), proof.Ranking);
        Assert.Equal(proof.Ranking.Count(r => r.PrizeId is not null), proof.Winners);
    }

    [Fact]
    public void The_reference_verifier_fits_in_forty_lines_and_uses_only_the_standard_library()
    {
        var python = Block("reference-verifier", prefix: "");
        var lines = python.TrimEnd('\n').Split('\n');

        Assert.InRange(lines.Length, 10, 40);
        Assert.Contains("import hashlib, hmac, json, math, sys", python);
        Assert.All(Entrants(), e => Assert.Contains($"\"{e["entrant"]}\": {e["weight"]}", python));
    }

    private static Dictionary<string, string> Inputs() => KeyValues(Block("inputs"));

    private static List<Dictionary<string, string>> Entrants() =>
        Block("entrants").Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(KeyValues).ToList();

    private static List<DrawEntry> DocumentEntries() =>
        Entrants().Select(e => new DrawEntry(e["pseudonym"], int.Parse(e["weight"], CultureInfo.InvariantCulture))).ToList();

    /// <summary>The body of the fenced block right after <c>&lt;!-- {prefix}{name} --&gt;</c>, with its final newline.</summary>
    private static string Block(string name, string prefix = "worked-example:")
    {
        var text = Document.Value.Replace("\r\n", "\n");
        var match = Regex.Match(text, $@"<!-- {Regex.Escape(prefix + name)} -->\n```[a-z]*\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.True(match.Success, $"docs/FAIRNESS.md has no block marked <!-- {prefix}{name} -->");
        return match.Groups[1].Value;
    }

    private static Dictionary<string, string> KeyValues(string block) =>
        block.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => KeyValue().Match(line))
            .Select(m => Assert.IsType<Match>(m.Success ? m : null))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [GeneratedRegex(@"^([A-Za-z]+):\s+(.*)$")]
    private static partial Regex KeyValue();

    private static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FanRewards.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No FanRewards.sln above {AppContext.BaseDirectory}.");
    }
}
