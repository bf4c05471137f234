using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Draws;

/// <summary>The campaign page: the campaign as published with its draws' states, kept as one snapshot per campaign.</summary>
public sealed partial class PublishedDrawResults
{
    /// <summary>
    /// The campaign page, built once for what it shows (the campaign as this instance holds it, its status now and its
    /// draws' records) and then served as the same object, so that its bytes and ETag are computed once per snapshot
    /// and a revalidation costs a few reference comparisons, not a build, a serialization and a hash. The catalog
    /// hands out a new campaign object when it rereads (at most once per its expiry), and an undrawn draw's record is
    /// reread once per campaign max-age: either rebuilds the page, which keeps its ETag when its bytes did not change.
    /// </summary>
    public async Task<PublicRead<PublicCampaignView>> GetCampaignPageAsync(Campaign campaign, CancellationToken ct)
    {
        var results = ResultsOf(campaign.Id);
        var now = clock.GetUtcNow();
        var status = campaign.StatusAt(now);
        var scheduled = campaign.Lifecycle == CampaignLifecycle.Draft ? [] : campaign.Model.Schedule.Draws;
        var page = results.Page;
        var current = page is not null && ReferenceEquals(page.Campaign, campaign) && page.Status == status
                      && page.Records.Length == scheduled.Count;
        for (var i = 0; current && i < scheduled.Count; i++)
            current = ReferenceEquals(page?.Records[i], await DrawAsync(results, campaign.Id, scheduled[i].Id, ct));
        if (current && page is not null) return page.Read;

        var records = new DrawRecord?[scheduled.Count];
        for (var i = 0; i < scheduled.Count; i++) records[i] = await DrawAsync(results, campaign.Id, scheduled[i].Id, ct);
        var view = WithDrawStates(PublicCampaignView.From(campaign, now), campaign, records);
        results.Page = page = new CampaignPage(campaign, status, records, new PublicRead<PublicCampaignView>(view, options.CampaignMaxAge));
        return page.Read;
    }

    /// <summary>
    /// The campaign page with each published draw's state from its record: sealed (with its digest, count and time), its
    /// witnesses' states. Read through the same per-draw snapshots as the proofs, so the page costs no more reads.
    /// </summary>
    public async Task<PublicCampaignView> WithDrawStatesAsync(PublicCampaignView view, Campaign campaign, CancellationToken ct)
    {
        if (campaign.Lifecycle == CampaignLifecycle.Draft || view.Schedule.Draws.Count == 0) return view;
        var results = ResultsOf(campaign.Id);
        var records = new DrawRecord?[view.Schedule.Draws.Count];
        for (var i = 0; i < records.Length; i++) records[i] = await DrawAsync(results, campaign.Id, view.Schedule.Draws[i].Id, ct);
        return WithDrawStates(view, campaign, records);
    }

    /// <param name="records">The record of each of the view's draws, in the view's order (null: none stored yet).</param>
    private static PublicCampaignView WithDrawStates(PublicCampaignView view, Campaign campaign, DrawRecord?[] records)
    {
        if (campaign.Lifecycle == CampaignLifecycle.Draft || view.Schedule.Draws.Count == 0) return view;
        var draws = new List<PublicDraw>(view.Schedule.Draws.Count);
        for (var i = 0; i < records.Length; i++)
        {
            var shown = view.Schedule.Draws[i];
            draws.Add(records[i] is not { } draw ? shown : shown with
            {
                State = WitnessView.StateOf(draw),
                SealedAt = WitnessView.Format(draw.SealedAt, campaign.Zone),
                EntrySetDigest = draw.EntrySetDigest,
                EntryCount = draw.EntryCount,
                Witnesses = draw.Witnesses.Select(w => new PublicWitness(w.Id, w.Name, w.State.ToString().ToLowerInvariant())).ToList(),
                RevealBy = WitnessView.Format(draw.RevealBy, campaign.Zone) ?? shown.RevealBy,
            });
        }
        return view with { Schedule = view.Schedule with { Draws = draws } };
    }

    /// <summary>A built campaign page and what it was built from: the same inputs (by reference) give the same page.</summary>
    private sealed record CampaignPage(Campaign Campaign, CampaignStatus Status, DrawRecord?[] Records, PublicRead<PublicCampaignView> Read);
}
