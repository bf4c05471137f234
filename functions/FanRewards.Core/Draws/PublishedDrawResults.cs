using System.Collections.Concurrent;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;

namespace FanRewards.Core.Draws;

/// <summary>
/// What anyone may read of a campaign's draws (proofs, winners, entry-set pages), served per instance from snapshots:
/// at 20:00 everybody refreshes the same pages, and the Awards partition they were built from is the one claims and
/// first-come prizes need. A snapshot is built from storage once, concurrent first requests share the build, and it
/// is served until something it shows changes:
/// <list type="bullet">
/// <item>a draw becomes drawn: a draw not drawn yet is read again at most once per campaign max-age, a drawn one never;</item>
/// <item>a claim or a pass: the campaign's awards version (one row, moved in the same transaction as every claim and
/// pass) is point-read at most once per winners max-age, and a change made on this instance drops it at once;</item>
/// <item>the campaign itself is edited (its UpdatedAt), or the snapshot reached its lifetime.</item>
/// </list>
/// It stays a read model rather than a store decorator: what it keeps are views built from three stores (draws, awards,
/// claim contacts) and keyed by the versions of all of them, which no one store's reads could tell are still current.
/// </summary>
public sealed partial class PublishedDrawResults(
    IDrawStore draws, TimeProvider clock, PublicReadOptions options, IAwardStore awards, IClaimContactStore contacts,
    AwardChanges changes)
{
    private readonly ConcurrentDictionary<string, CampaignResults> _campaigns = new(StringComparer.Ordinal);
    private const int MaxRememberedCampaigns = 10_000;

    /// <summary>What anyone may see of a draw: the seed only once it is drawn.</summary>
    public async Task<PublicRead<DrawProof>> GetProofAsync(Campaign campaign, string drawId, CancellationToken ct)
    {
        var results = ResultsOf(campaign.Id);
        var (definition, draw) = await VisibleDrawAsync(results, campaign, drawId, ct);
        if (draw.State != DrawState.Drawn)
        {
            var pending = results.Proofs.GetOrAdd(drawId, _ => new Snapshot<DrawProof>());
            var proof = await pending.GetAsync((campaign.UpdatedAt, draw), clock.GetUtcNow(), options.SnapshotLifetime,
                () => Task.FromResult(ProofOf(campaign, definition, draw, [], []))).WaitAsync(ct);
            return new(proof, options.CampaignMaxAge);
        }

        var version = await AwardsVersionAsync(results, campaign.Id, ct);
        var snapshot = results.Proofs.GetOrAdd(drawId, _ => new Snapshot<DrawProof>());
        var drawn = await snapshot.GetAsync((campaign.UpdatedAt, draw, version), clock.GetUtcNow(), options.SnapshotLifetime, async () =>
        {
            var ranking = await RankingAsync(results, campaign.Id, drawId);
            var all = await AwardsAsync(results, campaign.Id, version);
            var passes = all
                .Select(a => a.DrawId == drawId && a.PassedFrom is { } from
                    ? new PrizePass(a.PrizeId, from, a.AwardId, a.Rank ?? 0, CampaignTime.Format(a.AwardedAt, campaign.Zone),
                        PrizePass.ReasonOf(all.FirstOrDefault(x => x.AwardId == from)?.Status ?? AwardStatus.Declined))
                    : null)
                .OfType<PrizePass>().OrderBy(p => p.At, StringComparer.Ordinal).ToList();
            return ProofOf(campaign, definition, draw, ranking, passes);
        }).WaitAsync(ct);
        return new(drawn, options.DrawnProofMaxAge);
    }

    /// <summary>
    /// Per drawn draw and prize tier, who holds each prize now: rank, pseudonym prefix and, once claimed, the masked
    /// name and phone (张*, 138****1234). A prize that passed on shows its new holder and where it came from.
    /// </summary>
    public async Task<PublicRead<IReadOnlyList<DrawWinners>>> GetWinnersAsync(Campaign campaign, CancellationToken ct)
    {
        var results = ResultsOf(campaign.Id);
        var drawn = new List<DrawnDraw>();
        foreach (var definition in campaign.Draws)
        {
            // A drawn draw has its time and its tiers.
            if (await DrawAsync(results, campaign.Id, definition.Id, ct) is { State: DrawState.Drawn, DrawnAt: { } drawnAt, Tiers: { } tiers } draw)
                drawn.Add(new DrawnDraw(draw.DrawId, drawnAt, tiers));
        }
        // Before the first draw nobody has won: nothing to read, not even the version.
        var version = drawn.Count == 0 ? "" : await AwardsVersionAsync(results, campaign.Id, ct);
        var key = (campaign.UpdatedAt, string.Join(',', drawn.Select(d => d.DrawId)), version);
        var winners = await results.Winners.GetAsync(key, clock.GetUtcNow(), options.SnapshotLifetime,
            () => BuildWinnersAsync(results, campaign, drawn, version)).WaitAsync(ct);
        return new(winners, options.WinnersMaxAge);
    }

    /// <summary>
    /// The eligible entry set, once it is fixed (its digest stored), a page at a time in pseudonym order. A drawn
    /// draw's pages never change; before that a page may still be empty, so it is kept only briefly.
    /// </summary>
    public async Task<PublicRead<DrawEntryPage>> GetEntryPageAsync(Campaign campaign, string drawId, string? after, int limit,
        CancellationToken ct)
    {
        var (_, draw) = await VisibleDrawAsync(ResultsOf(campaign.Id), campaign, drawId, ct);
        if (draw.EntrySetDigest is null) return new(new DrawEntryPage([], null), options.CampaignMaxAge);
        var page = await draws.ReadEntryPageAsync(campaign.Id, drawId, draw.Shards, after, Math.Clamp(limit, 1, 1000), ct);
        return draw.State == DrawState.Drawn ? new(page, options.EntrySetMaxAge, Immutable: true) : new(page, options.CampaignMaxAge);
    }

    private async Task<IReadOnlyList<DrawWinners>> BuildWinnersAsync(CampaignResults results, Campaign campaign, IReadOnlyList<DrawnDraw> drawn,
        string version)
    {
        var result = new List<DrawWinners>();
        if (drawn.Count == 0) return result;
        var allAwards = await AwardsAsync(results, campaign.Id, version);
        var claimed = (await contacts.ListAsync(campaign.Id, CancellationToken.None)).ToDictionary(c => c.AwardId);
        foreach (var draw in drawn)
        {
            var ranking = await RankingAsync(results, campaign.Id, draw.DrawId);
            var drawAwards = allAwards.Where(a => a.DrawId == draw.DrawId).ToList();
            var tiers = draw.Tiers.Select(t =>
            {
                var holders = drawAwards.Count == 0
                    ? ranking.Where(r => r.PrizeId == t.PrizeId).Select(r => new MaskedWinner(r.Rank)).ToList()
                    : drawAwards.Where(a => a.PrizeId == t.PrizeId && a.Status is AwardStatus.Awarded or AwardStatus.Claimed)
                        .OrderBy(a => a.Rank).Select(a => new MaskedWinner(a.Rank ?? 0)
                        {
                            Name = claimed.GetValueOrDefault(a.AwardId) is { } c ? ClaimContact.MaskName(c.Name) : null,
                            Phone = claimed.GetValueOrDefault(a.AwardId) is { } p ? ClaimContact.MaskPhone(p.Phone) : null,
                            Status = a.Status,
                            PassedFromRank = a.PassedFrom is null ? null : drawAwards.FirstOrDefault(x => x.AwardId == a.PassedFrom)?.Rank,
                        }).ToList();
                return new TierWinners(t.PrizeId, campaign.Model.FindPrize(t.PrizeId)?.Name, holders);
            }).ToList();
            result.Add(new DrawWinners(draw.DrawId, CampaignTime.Format(draw.DrawnAt, campaign.Zone), tiers)
            {
                DrawName = campaign.Model.DrawNameOf(draw.DrawId),
            });
        }
        return result;
    }

    private static DrawProof ProofOf(Campaign campaign, ScheduledDraw definition, DrawRecord draw, IReadOnlyList<RankedEntry> ranking,
        IReadOnlyList<PrizePass> passes)
    {
        var tiers = draw.Tiers ?? DrawTier.Of(campaign, definition);
        var drawn = draw.State == DrawState.Drawn;
        return new DrawProof
        {
            CampaignId = campaign.Id, DrawId = draw.DrawId, Name = definition.Name, State = draw.State.ToString().ToLowerInvariant(), Commitment = draw.Commitment,
            Seed = drawn ? Convert.ToHexStringLower(draw.Seed) : null,
            DrawSeed = drawn ? Convert.ToHexStringLower(draw.DrawSeed()) : null,
            Witnesses = WitnessView.Of(draw, campaign.Zone), RevealBy = WitnessView.Format(draw.RevealBy ?? definition.RevealBy, campaign.Zone),
            WaitingFor = draw.State == DrawState.Sealed ? draw.WaitingFor : [], SealedAt = WitnessView.Format(draw.SealedAt, campaign.Zone),
            EntrySetDigest = draw.EntrySetDigest, EntryCount = draw.EntryCount, Tiers = tiers,
            Winners = drawn ? ranking.Count(r => r.PrizeId is not null) : tiers.Sum(t => t.Count),
            Alternates = draw.Alternates ?? definition.Alternates, Ranking = ranking,
            DrawnAt = draw.DrawnAt is { } at ? CampaignTime.Format(at, campaign.Zone) : null,
            Passes = passes,
        };
    }

    private async Task<(ScheduledDraw Definition, DrawRecord Draw)> VisibleDrawAsync(CampaignResults results, Campaign campaign, string drawId,
        CancellationToken ct) =>
        campaign.Draws.FirstOrDefault(d => d.Id == drawId) is { } definition && await DrawAsync(results, campaign.Id, drawId, ct) is { } draw
            ? (definition, draw)
            : throw new ProblemException(Problem.NotFound("draw", drawId));

    /// <summary>A drawn draw never changes again; one not drawn yet is read again once the campaign max-age has passed.</summary>
    private Task<DrawRecord?> DrawAsync(CampaignResults results, string campaignId, string drawId, CancellationToken ct)
    {
        var snapshot = results.Draws.GetOrAdd(drawId, _ => new Snapshot<DrawRecord?>());
        var lifetime = snapshot.Known is { State: DrawState.Drawn } ? TimeSpan.MaxValue : options.CampaignMaxAge;
        return snapshot.GetAsync(0, clock.GetUtcNow(), lifetime, () => draws.FindAsync(campaignId, drawId, CancellationToken.None)).WaitAsync(ct);
    }

    /// <summary>
    /// The awards version, point-read at most once per winners max-age, or at once after this instance changed the
    /// campaign's awards.
    /// </summary>
    private Task<string> AwardsVersionAsync(CampaignResults results, string campaignId, CancellationToken ct) =>
        results.AwardsVersion.GetAsync(changes.Of(campaignId), clock.GetUtcNow(), options.WinnersMaxAge,
            () => awards.FindAwardsVersionAsync(campaignId, CancellationToken.None)).WaitAsync(ct);

    /// <summary>
    /// The campaign's awards as of <paramref name="version"/>, listed once for the winners and every proof. A draw's
    /// awards are written before it shows as drawn, without moving the version, so the draws known drawn are part
    /// of the key: the list is taken again once another draw is.
    /// </summary>
    private Task<IReadOnlyList<Award>> AwardsAsync(CampaignResults results, string campaignId, string version)
    {
        var drawn = string.Join(',', results.Draws.Where(d => d.Value.Known is { State: DrawState.Drawn }).Select(d => d.Key).Order(StringComparer.Ordinal));
        return results.Awards.GetAsync((version, drawn), clock.GetUtcNow(), options.SnapshotLifetime,
            () => awards.ListAsync(campaignId, CancellationToken.None));
    }

    /// <summary>The ranking of a draw known to be drawn (never of one still running: its rows may be half written); it never changes.</summary>
    private Task<IReadOnlyList<RankedEntry>> RankingAsync(CampaignResults results, string campaignId, string drawId) =>
        results.Rankings.GetOrAdd(drawId, _ => new Snapshot<IReadOnlyList<RankedEntry>>())
            .GetAsync(0, clock.GetUtcNow(), TimeSpan.MaxValue, () => draws.ReadRankingAsync(campaignId, drawId, CancellationToken.None));

    private CampaignResults ResultsOf(string campaignId)
    {
        if (_campaigns.TryGetValue(campaignId, out var known)) return known;
        // Only visible campaigns get here (the triggers ask the catalog first); the bound is a safety net.
        if (_campaigns.Count >= MaxRememberedCampaigns) _campaigns.Clear();
        return _campaigns.GetOrAdd(campaignId, _ => new CampaignResults());
    }

    /// <summary>A draw that is drawn, with what every drawn draw has: the time it was drawn and its tiers.</summary>
    private sealed record DrawnDraw(string DrawId, DateTimeOffset DrawnAt, IReadOnlyList<DrawTier> Tiers);

    /// <summary>Everything this instance keeps of one campaign's published results. Its draws are few (the campaign's own).</summary>
    private sealed class CampaignResults
    {
        public ConcurrentDictionary<string, Snapshot<DrawRecord?>> Draws { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, Snapshot<IReadOnlyList<RankedEntry>>> Rankings { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, Snapshot<DrawProof>> Proofs { get; } = new(StringComparer.Ordinal);
        public Snapshot<string> AwardsVersion { get; } = new();
        public Snapshot<IReadOnlyList<Award>> Awards { get; } = new();
        public Snapshot<IReadOnlyList<DrawWinners>> Winners { get; } = new();
        public CampaignPage? Page { get; set; }
    }

    /// <summary>
    /// One value built from storage and shared: every caller with the same key, within the lifetime, gets the same
    /// build (in flight or done), so concurrent first requests cost one build. A failed build is not kept.
    /// </summary>
    private sealed class Snapshot<T>
    {
        private readonly Lock _gate = new();
        private Current? _current;

        /// <summary>The value of the last build, if it succeeded.</summary>
        public T? Known => _current?.Build is { IsValueCreated: true, Value.IsCompletedSuccessfully: true } build ? build.Value.Result : default;

        public Task<T> GetAsync(object key, DateTimeOffset now, TimeSpan lifetime, Func<Task<T>> build)
        {
            Lazy<Task<T>> shared;
            lock (_gate)
            {
                if (_current is not { } current || !Equals(current.Key, key) || now - current.BuiltAt >= lifetime
                    || current.Build.IsValueCreated && (current.Build.Value.IsFaulted || current.Build.Value.IsCanceled))
                {
                    _current = current = new Current(key, now, new Lazy<Task<T>>(() =>
                    {
                        try
                        {
                            return build();
                        }
                        catch (Exception e)
                        {
                            // A build that throws before its first await fails like any other, and is not kept.
                            return Task.FromException<T>(e);
                        }
                    }));
                }

                shared = current.Build;
            }
            // Started outside the lock: the build's first storage call is not made while others wait for the gate.
            return shared.Value;
        }

        private sealed record Current(object Key, DateTimeOffset BuiltAt, Lazy<Task<T>> Build);
    }
}
