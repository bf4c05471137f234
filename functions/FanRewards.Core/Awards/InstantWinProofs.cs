namespace FanRewards.Core.Awards;

/// <summary>
/// What anyone may check of an instant-win activity: its probability and commitment from the start, its seed only once
/// entries have closed (before that, the seed would tell people which entries will win).
/// </summary>
public sealed class InstantWinProofs(Campaigns.PublicCampaignCatalog catalog, IInstantSeedStore seeds, TimeProvider clock)
{
    public async Task<InstantWinProof> GetAsync(string campaignId, string activityId, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        if (campaign.Model.FindActivity(activityId)?.Award is not Campaigns.Model.InstantAward instant)
            throw new ProblemException(Problem.NotFound("instant-win activity", activityId));
        var closed = campaign.StatusAt(clock.GetUtcNow()) is Campaigns.CampaignStatus.Closed or Campaigns.CampaignStatus.Drawn
            or Campaigns.CampaignStatus.Archived;
        var seed = closed ? await seeds.FindSeedAsync(campaign.Id, activityId, ct) : null;
        var drawId = InstantWin.DrawIdFor(activityId);
        return new InstantWinProof(campaign.Id, activityId, instant.WinProbability,
            campaign.DrawCommitments.GetValueOrDefault(drawId), seed is null ? null : Convert.ToHexStringLower(seed),
            $"{campaign.Id}|{drawId}|{{your entry key}}");
    }
}

public sealed record InstantWinProof(string CampaignId, string ActivityId, double WinProbability, string? Commitment, string? Seed,
    string Message);
