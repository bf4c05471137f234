using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Draws;

/// <summary>
/// A draw as the admin sees it: its state, the shards of the seal done so far, once sealed its entry set's digest, and its
/// witnesses (each one's state, the ones it waits for). Never the seed, nor the draw seed before it is drawn.
/// </summary>
public sealed record DrawStatus(
    string DrawId, string State, string At, string Commitment, int Shards, int ShardsDone, long EligibleSoFar,
    string? EntrySetDigest, long? EntryCount, string? StartedAt, string? StartedBy, string? DrawnAt)
{
    public string? SealedAt { get; init; }
    public IReadOnlyList<WitnessView> Witnesses { get; init; } = [];
    public string? RevealBy { get; init; }
    /// <summary>A sealed draw: the witnesses it still waits for; empty otherwise.</summary>
    public IReadOnlyList<string> WaitingFor { get; init; } = [];
    /// <summary>The seed that scored the draw, once drawn.</summary>
    public string? DrawSeed { get; init; }
    /// <summary>The draw's display name; absent when it has none.</summary>
    public string? DrawName { get; init; }

    /// <summary>A draw's state for the admin, its times in the campaign's zone like every other admin time.</summary>
    public static DrawStatus Of(Campaign campaign, DrawRecord draw, IReadOnlyList<ShardResult> shards) => new(
        draw.DrawId, draw.State.ToString().ToLowerInvariant(), CampaignTime.Format(draw.At, campaign.Zone), draw.Commitment, draw.Shards,
        shards.Count, shards.Sum(s => s.Eligible), draw.EntrySetDigest, draw.EntryCount,
        draw.StartedAt is { } started ? CampaignTime.Format(started, campaign.Zone) : null, draw.StartedBy,
        draw.DrawnAt is { } drawn ? CampaignTime.Format(drawn, campaign.Zone) : null)
    {
        DrawName = campaign.Model.DrawNameOf(draw.DrawId),
        SealedAt = WitnessView.Format(draw.SealedAt, campaign.Zone),
        Witnesses = WitnessView.Of(draw, campaign.Zone),
        RevealBy = WitnessView.Format(draw.RevealBy, campaign.Zone),
        WaitingFor = draw.State == DrawState.Sealed ? draw.WaitingFor : [],
        DrawSeed = draw.State == DrawState.Drawn ? Convert.ToHexStringLower(draw.DrawSeed()) : null,
    };
}
