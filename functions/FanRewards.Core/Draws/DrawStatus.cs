using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Draws;

/// <summary>A draw as the admin sees it: its state, the shards done so far, and once fixed its entry set's digest.</summary>
public sealed record DrawStatus(
    string DrawId, string State, string At, string Commitment, int Shards, int ShardsDone, long EligibleSoFar,
    string? EntrySetDigest, long? EntryCount, string? StartedAt, string? StartedBy, string? DrawnAt)
{
    /// <summary>A draw's state for the admin, its times in the campaign's zone like every other admin time.</summary>
    public static DrawStatus Of(Campaign campaign, DrawRecord draw, IReadOnlyList<ShardResult> shards) => new(
        draw.DrawId, draw.State.ToString().ToLowerInvariant(), CampaignTime.Format(draw.At, campaign.Zone), draw.Commitment, draw.Shards,
        shards.Count, shards.Sum(s => s.Eligible), draw.EntrySetDigest, draw.EntryCount,
        draw.StartedAt is { } started ? CampaignTime.Format(started, campaign.Zone) : null, draw.StartedBy,
        draw.DrawnAt is { } drawn ? CampaignTime.Format(drawn, campaign.Zone) : null);
}
