namespace FanRewards.Core.Campaigns;

/// <summary>A campaign as stored: the admin's definition, its riddles, candidates and prizes, and its lifecycle.</summary>
public sealed record Campaign
{
    public required CampaignDefinition Definition { get; init; }
    public IReadOnlyList<RiddleDefinition> Riddles { get; init; } = [];
    public IReadOnlyList<CandidateDefinition> Candidates { get; init; } = [];
    public IReadOnlyList<PrizeDefinition> Prizes { get; init; } = [];
    public CampaignLifecycle Lifecycle { get; init; } = CampaignLifecycle.Draft;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public DateTimeOffset? DrawnAt { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }
    /// <summary>How many partitions the campaign's entries are spread over; fixed at publish, since every key depends on it.</summary>
    public int EntryBuckets { get; init; } = DefaultEntryBuckets;

    public const int DefaultEntryBuckets = 16;

    /// <summary>SHA-256 of each draw's secret seed by draw id, fixed when the campaign is published.</summary>
    public IReadOnlyDictionary<string, string> DrawCommitments { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Entries a draw counts were accepted up to its cutoff: the draw time, or the close if that comes first
    /// (an early close included).
    /// </summary>
    public DateTimeOffset DrawCutoff(DrawDefinition draw)
    {
        var at = CampaignTime.Parse(draw.At, Zone);
        return ClosesAt is { } closes && closes < at ? closes : at;
    }

    /// <summary>Draws in the order they happen.</summary>
    public IReadOnlyList<DrawDefinition> Draws =>
        (Definition.Schedule?.Draws ?? []).OrderBy(d => CampaignTime.Parse(d.At, Zone)).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();

    public string Id => Definition.Id!;
    public TimeZoneInfo Zone => CampaignTime.ZoneOf(Definition);

    /// <summary>
    /// When entries open: the scheduled time, or the moment of publishing if that came later, because a promotion
    /// cannot take entries before its rules are public.
    /// </summary>
    public DateTimeOffset? OpensAt
    {
        get
        {
            if (!TryParseScheduled(Definition.Schedule?.OpensAt, out var opens)) return null;
            return PublishedAt is { } published && published > opens ? published : opens;
        }
    }

    public DateTimeOffset? ClosesAt
    {
        get
        {
            if (!TryParseScheduled(Definition.Schedule?.ClosesAt, out var closes)) return null;
            return ClosedAt is { } closedEarly && closedEarly < closes ? closedEarly : closes;
        }
    }

    public CampaignStatus StatusAt(DateTimeOffset now) => Lifecycle switch
    {
        CampaignLifecycle.Draft => CampaignStatus.Draft,
        CampaignLifecycle.ClosedEarly => CampaignStatus.Closed,
        CampaignLifecycle.Drawn => CampaignStatus.Drawn,
        CampaignLifecycle.Archived => CampaignStatus.Archived,
        _ when now < OpensAt => CampaignStatus.Published,
        _ when now < ClosesAt => CampaignStatus.Open,
        _ => CampaignStatus.Closed,
    };

    private bool TryParseScheduled(string? text, out DateTimeOffset instant) =>
        CampaignTime.TryParse(text, Zone, out instant, out _);
}
