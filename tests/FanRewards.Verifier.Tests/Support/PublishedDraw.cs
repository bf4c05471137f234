using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;
using FanRewards.Core.Json;

namespace FanRewards.Verifier.Tests.Support;

/// <summary>
/// A draw as the organiser would publish it: a proof built with <see cref="DrawRanking"/> and its entry set. Its
/// pseudonyms are salted with the campaign's secret key (<see cref="PseudonymKey"/>), as since Trust v2, unless created
/// <c>salted: false</c>, as a campaign published before it.
/// </summary>
internal sealed record PublishedDraw(DrawProof Proof, List<DrawEntry> Entries, byte[] Seed, bool Salted)
{
    public const string CampaignId = "lantern-festival-2027";
    public const string DrawId = "lantern-draw";
    public static readonly DrawTier[] Tiers = [new("travel-annual-pass", 2), new("health-checkup-card", 3)];

    /// <summary>The campaign's secret pseudonym key: the organiser's, never in the proof or the entry set.</summary>
    public static readonly byte[] PseudonymKey = Enumerable.Range(0, 32).Select(i => (byte)(0xa0 + i)).ToArray();

    public static string EntrantId(int i) => $"worker-{i:D4}";

    /// <summary>The entrant's salt as their own page shows it; null when the draw's pseudonyms are unsalted.</summary>
    public string? SaltOf(string entrantId) => SaltOf(entrantId, Salted);

    public string PseudonymOf(string entrantId) => Pseudonym.Of(CampaignId, entrantId, SaltOf(entrantId));

    private static string? SaltOf(string entrantId, bool salted) => salted ? Pseudonym.SaltOf(PseudonymKey, entrantId) : null;

    public static PublishedDraw Create(int entrantCount = 250, int alternates = 4, int seedByte = 7, bool salted = true)
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)(i * seedByte + 1)).ToArray();
        var entries = Enumerable.Range(0, entrantCount)
            .Select(i => new DrawEntry(Pseudonym.Of(CampaignId, EntrantId(i), SaltOf(EntrantId(i), salted)), 1 + i % 7))
            .OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToList();
        var ranking = DrawRanking.Rank(seed, CampaignId, DrawId, entries, Tiers, alternates);
        var proof = new DrawProof
        {
            CampaignId = CampaignId,
            DrawId = DrawId,
            State = "drawn",
            Commitment = DrawScoring.Commitment(seed),
            Seed = Convert.ToHexStringLower(seed),
            EntrySetDigest = EntrySetDigest.Of(entries.Select(e => (e.Pseudonym, e.Weight))),
            EntryCount = entries.Count,
            Tiers = Tiers,
            Winners = ranking.Count(r => r.PrizeId is not null),
            Alternates = alternates,
            Ranking = ranking,
            DrawnAt = "2027-02-20T12:00:00Z",
        };
        return new PublishedDraw(proof, entries, seed, salted);
    }

    /// <summary>Serialised as the API serialises: <see cref="FanRewardsJson.Options"/> (camelCase, nulls left out).</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, FanRewardsJson.Options);
}

/// <summary>
/// The public draw endpoints in memory: the proof, and the entries in pages of at most <c>limit</c> after a pseudonym.
/// </summary>
internal sealed class FakeDrawApi(PublishedDraw draw, int? pageSize = null) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];
    public Func<HttpRequestMessage, HttpResponseMessage?>? Override { get; init; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        if (Override?.Invoke(request) is { } overridden) return Task.FromResult(overridden);
        var path = request.RequestUri!.AbsolutePath;
        var prefix = $"/api/campaigns/{draw.Proof.CampaignId}/draws/{draw.Proof.DrawId}";
        if (request.Method != HttpMethod.Get) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.MethodNotAllowed));
        if (path == $"{prefix}/proof") return Task.FromResult(Ok(PublishedDraw.Json(draw.Proof)));
        if (path == $"{prefix}/entries")
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
            var limit = int.Parse(query["limit"] ?? "100", CultureInfo.InvariantCulture);
            if (limit is < 1 or > 1000) return Task.FromResult(Problem(HttpStatusCode.BadRequest, "limit is 1 to 1000"));
            limit = Math.Min(limit, pageSize ?? limit);
            var after = query["after"];
            var rest = draw.Entries.Where(e => after is null || string.CompareOrdinal(e.Pseudonym, after) > 0).ToList();
            var page = rest.Take(limit).ToList();
            var next = rest.Count > limit ? page[^1].Pseudonym : null;
            return Task.FromResult(Ok(PublishedDraw.Json(new DrawEntryPage(page, next))));
        }
        return Task.FromResult(Problem(HttpStatusCode.NotFound, "no such draw"));
    }

    private static HttpResponseMessage Ok(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Problem(HttpStatusCode status, string title) =>
        new(status) { Content = new StringContent($$"""{"type":"about:blank","title":"{{title}}","status":{{(int)status}}}""", Encoding.UTF8, "application/problem+json") };
}
