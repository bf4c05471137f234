namespace FanRewards.Core.Campaigns.Model;

/// <summary>
/// The schedule as instants, read in the campaign's zone. A draft may leave any time unset (null); publishing requires
/// every one, so a published campaign has them all.
/// </summary>
public sealed class CampaignSchedule(DateTimeOffset? opensAt, DateTimeOffset? closesAt, DateTimeOffset? claimDeadline,
    IReadOnlyList<ScheduledDraw> draws)
{
    public DateTimeOffset? OpensAt { get; } = opensAt;
    public DateTimeOffset? ClosesAt { get; } = closesAt;
    /// <summary>Winners must claim prizes that need claiming before this; unclaimed ones pass to the next alternate.</summary>
    public DateTimeOffset? ClaimDeadline { get; } = claimDeadline;
    /// <summary>The draws as written.</summary>
    public IReadOnlyList<ScheduledDraw> Draws { get; } = draws;
    /// <summary>The draws in the order they happen (by time, then id), the order they must be drawn in.</summary>
    public IReadOnlyList<ScheduledDraw> DrawsInOrder { get; } = draws.OrderBy(d => d.At).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
}

/// <summary>A draw as announced: when, which activities feed it, which tiers it awards, how many alternates it ranks.</summary>
/// <param name="At">When it is drawn; null only in a draft that has not set it.</param>
/// <param name="ActivityIds">As written: the activities it names, or null (or none) for every activity that awards by draw.</param>
/// <param name="Activities">The activities whose entries it counts: those it names (or all) that award by draw, in campaign order.</param>
/// <param name="PrizeIds">Prize tiers in award order, first prize first.</param>
/// <param name="Witnesses">Its witnesses in listed order (the order their secrets enter the draw seed); none by default.</param>
/// <param name="RevealBy">After it an admin may excuse a witness who has not revealed; null without witnesses.</param>
public sealed record ScheduledDraw(string Id, DateTimeOffset? At, IReadOnlyList<string>? ActivityIds, IReadOnlyList<CampaignActivity> Activities,
    IReadOnlyList<string> PrizeIds, int Alternates, IReadOnlyList<Witness> Witnesses, DateTimeOffset? RevealBy)
{
    /// <summary>Its display name as the campaign writes it; null when it has none (pages then show its id).</summary>
    public string? Name { get; init; }

    /// <summary>When it is drawn, for a draw that runs: only a published campaign's draws run, and publishing requires the time.</summary>
    public DateTimeOffset Time => At ?? throw new InvalidOperationException($"Draw '{Id}' has no time: only a published campaign's draws run.");
}

/// <summary>A draw's witness: who, and the commitment to the secret they reveal after the seal (null only in a draft).</summary>
public sealed record Witness(string Id, string Name, string? Commitment);
