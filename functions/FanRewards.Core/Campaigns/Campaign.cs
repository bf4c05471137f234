using FanRewards.Core.Campaigns.Model;

namespace FanRewards.Core.Campaigns;

/// <summary>
/// A campaign as stored: the admin's definition, its riddles, candidates and prizes (the wire form, echoed back to
/// admins and stored as written), its lifecycle, and <see cref="Model"/>, the typed form every service works on.
/// </summary>
public sealed record Campaign
{
    public required CampaignDefinition Definition
    {
        get;
        init
        {
            field = value;
            _model = new ModelMemo();
        }
    }

    public IReadOnlyList<RiddleDefinition> Riddles
    {
        get;
        init
        {
            field = value;
            _model = new ModelMemo();
        }
    } = [];

    public IReadOnlyList<CandidateDefinition> Candidates
    {
        get;
        init
        {
            field = value;
            _model = new ModelMemo();
        }
    } = [];

    public IReadOnlyList<PrizeDefinition> Prizes
    {
        get;
        init
        {
            field = value;
            _model = new ModelMemo();
        }
    } = [];

    public CampaignLifecycle Lifecycle { get; init; } = CampaignLifecycle.Draft;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>
    /// Counts the saved changes (1 when created): what the console shows as the campaign's version, where the ETag that
    /// guards edits means nothing to a person. 0 for a campaign stored before it was counted.
    /// </summary>
    public int Version { get; init; }
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
    /// The secret key entrants' salted pseudonyms come from, made in the write that publishes; null for a draft and for a
    /// campaign published before Trust v2 (its pseudonyms stay unsalted).
    /// </summary>
    public PseudonymKey? PseudonymKey { get; init; }

    // A copy made with `with` shares the memo (its parts are the same) until it sets one of the parts, which gives it a
    // memo of its own: a model never outlives the definition it was built from.
    private ModelMemo _model = new();

    /// <summary>The typed campaign, built from the wire form on first use (validation accepted that form before it was stored).</summary>
    public CampaignModel Model => _model.Of(this);

    public string Id => Definition.Id ?? throw new InvalidOperationException("A stored campaign has an id: validation requires one.");

    public TimeZoneInfo Zone => Model.Zone;

    /// <summary>Draws in the order they happen.</summary>
    public IReadOnlyList<ScheduledDraw> Draws => Model.Schedule.DrawsInOrder;

    /// <summary>
    /// Entries a draw counts were accepted up to its cutoff: the draw time, or the close if that comes first
    /// (an early close included).
    /// </summary>
    public DateTimeOffset DrawCutoff(ScheduledDraw draw)
    {
        var at = draw.Time;
        return ClosesAt is { } closes && closes < at ? closes : at;
    }

    /// <summary>
    /// When entries open: the scheduled time, or the moment of publishing if that came later, because a promotion
    /// cannot take entries before its rules are public.
    /// </summary>
    public DateTimeOffset? OpensAt =>
        Model.Schedule.OpensAt is not { } opens ? null
        : PublishedAt is { } published && published > opens ? published
        : opens;

    public DateTimeOffset? ClosesAt =>
        Model.Schedule.ClosesAt is not { } closes ? null
        : ClosedAt is { } closedEarly && closedEarly < closes ? closedEarly
        : closes;

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

    /// <summary>
    /// The built model of one set of parts. Two readers may build it at once; both get an equal model and one is kept.
    /// It takes no part in the campaign's equality: campaigns with equal parts are equal whether or not either has
    /// built its model yet.
    /// </summary>
    private sealed class ModelMemo
    {
        private CampaignModel? _built;

        public CampaignModel Of(Campaign campaign) =>
            _built ??= CampaignModel.From(campaign.Definition, campaign.Riddles, campaign.Candidates, campaign.Prizes);

        public override bool Equals(object? obj) => obj is ModelMemo;

        public override int GetHashCode() => 0;
    }
}
