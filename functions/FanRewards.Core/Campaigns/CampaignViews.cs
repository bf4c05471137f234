namespace FanRewards.Core.Campaigns;

/// <summary>One line of a campaign list.</summary>
public sealed record CampaignListItem(
    string Id, string? Title, string? Summary, string Status, string TimeZone, string? OpensAt, string? ClosesAt,
    string? OrganiserName, bool MembersOnly)
{
    public static CampaignListItem From(Campaign c, DateTimeOffset now) => new(
        c.Id, c.Model.Title, c.Model.Summary, c.StatusAt(now).ToString().ToLowerInvariant(), c.Zone.Id,
        c.OpensAt is { } o ? CampaignTime.Format(o, c.Zone) : null,
        c.ClosesAt is { } x ? CampaignTime.Format(x, c.Zone) : null,
        c.Model.Organiser.Name, c.Model.MembersOnly);
}

/// <summary>
/// The public rules page as data: everything a prize promotion discloses, and nothing secret. Riddles are shown
/// without their answers; this type has no member that could carry one.
/// </summary>
public sealed record PublicCampaignView
{
    public required string Id { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public required string Status { get; init; }
    public required string TimeZone { get; init; }
    public required PublicSchedule Schedule { get; init; }
    public bool MembersOnly { get; init; }
    public bool AllowMultipleWins { get; init; }
    public OrganiserDefinition? Organiser { get; init; }
    public RulesDefinition? Rules { get; init; }
    public required IReadOnlyList<ActivityDefinition> Activities { get; init; }
    public required IReadOnlyList<PublicRiddle> Riddles { get; init; }
    public required IReadOnlyList<CandidateDefinition> Candidates { get; init; }
    public required IReadOnlyList<PrizeDefinition> Prizes { get; init; }
    public string? PublishedAt { get; init; }

    /// <summary>
    /// Texts, times and choices come from the typed campaign; the activities, candidates and prizes are shown as the admin
    /// wrote them (what was disclosed, defaults left implicit as written).
    /// </summary>
    public static PublicCampaignView From(Campaign c, DateTimeOffset now)
    {
        var model = c.Model;
        var zone = model.Zone;
        string? Show(DateTimeOffset? instant) => instant is { } i ? CampaignTime.Format(i, zone) : null;
        return new PublicCampaignView
        {
            Id = c.Id,
            Title = model.Title,
            Summary = model.Summary,
            Status = c.StatusAt(now).ToString().ToLowerInvariant(),
            TimeZone = zone.Id,
            Schedule = new PublicSchedule(
                Show(c.OpensAt), Show(c.ClosesAt), Show(model.Schedule.ClaimDeadline),
                model.Schedule.Draws.Select(d => new PublicDraw(d.Id, Show(d.At), d.ActivityIds, d.PrizeIds, d.Alternates,
                    c.DrawCommitments.GetValueOrDefault(d.Id))
                {
                    Name = d.Name,
                    Witnesses = d.Witnesses.Select(w => new PublicWitness(w.Id, w.Name, "waiting")).ToList(), RevealBy = Show(d.RevealBy),
                }).ToList()),
            MembersOnly = model.MembersOnly,
            AllowMultipleWins = model.AllowMultipleWins,
            Organiser = c.Definition.Organiser,
            Rules = c.Definition.Rules,
            Activities = c.Definition.Activities ?? [],
            Riddles = model.Riddles.Select(r => new PublicRiddle(r.Id, r.ActivityId, r.Question, r.Hint)).ToList(),
            Candidates = c.Candidates,
            Prizes = c.Prizes,
            PublishedAt = Show(c.PublishedAt),
        };
    }
}

public sealed record PublicSchedule(string? OpensAt, string? ClosesAt, string? ClaimDeadline, IReadOnlyList<PublicDraw> Draws);

/// <summary>A draw as announced: when, what it awards, and the commitment to its seed (SHA-256, hex) from publication on.</summary>
/// <remarks>
/// Its state and seal (Trust v2) come from the draw's record (<c>PublishedDrawResults.WithDrawStatesAsync</c>); as built
/// from the campaign alone it is scheduled, unsealed, its witnesses waiting.
/// </remarks>
public sealed record PublicDraw(string Id, string? At, IReadOnlyList<string>? ActivityIds, IReadOnlyList<string>? PrizeIds, int Alternates,
    string? Commitment)
{
    /// <summary>scheduled, sealing, sealed, running or drawn.</summary>
    public string State { get; init; } = "scheduled";
    /// <summary>The draw's display name; absent when it has none (pages show its id).</summary>
    public string? Name { get; init; }
    public string? SealedAt { get; init; }
    public string? EntrySetDigest { get; init; }
    public long? EntryCount { get; init; }
    /// <summary>Who witnesses the draw and whether each has revealed (never a secret here: the proof carries those).</summary>
    public IReadOnlyList<PublicWitness> Witnesses { get; init; } = [];
    public string? RevealBy { get; init; }
}

/// <summary>A draw's witness on the campaign page: who, and waiting, revealed or excused.</summary>
public sealed record PublicWitness(string Id, string Name, string State);

public sealed record PublicRiddle(string Id, string ActivityId, string Question, string? Hint);

/// <summary>What an admin reads back and edits: the definition as written plus lifecycle facts (times in the campaign's zone).</summary>
public sealed record AdminCampaignView(
    CampaignDefinition Definition, string Status, string Lifecycle, string ETag,
    IReadOnlyList<RiddleDefinition> Riddles, IReadOnlyList<CandidateDefinition> Candidates, IReadOnlyList<PrizeDefinition> Prizes,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? ClosedAt,
    DateTimeOffset? ArchivedAt)
{
    /// <summary>The campaign's version as people read it (1, 2, …; 0 before versions were counted): the ETag is for If-Match.</summary>
    public int Version { get; init; }

    public static AdminCampaignView From(StoredCampaign stored, DateTimeOffset now)
    {
        var c = stored.Campaign;
        return new(c.Definition, c.StatusAt(now).ToString().ToLowerInvariant(), c.Lifecycle.ToString().ToLowerInvariant(),
            stored.ETag, c.Riddles, c.Candidates, c.Prizes, CampaignTime.InZone(c.CreatedAt, c.Zone), CampaignTime.InZone(c.UpdatedAt, c.Zone),
            InZone(c.PublishedAt, c.Zone), InZone(c.ClosedAt, c.Zone), InZone(c.ArchivedAt, c.Zone))
        {
            Version = c.Version,
        };
    }

    private static DateTimeOffset? InZone(DateTimeOffset? instant, TimeZoneInfo zone) => instant is { } at ? CampaignTime.InZone(at, zone) : null;
}

/// <summary>
/// An audit entry as an admin reads it: its time in the campaign's zone, like every other admin time; <see cref="Code"/>
/// and <see cref="Args"/> for a page to word it, <see cref="Summary"/> the English sentence.
/// </summary>
public sealed record AuditView(string At, Admins.AdminRef Actor, string Action, string Code, IReadOnlyDictionary<string, string> Args,
    string Summary)
{
    public static AuditView From(AuditEntry entry, TimeZoneInfo zone) =>
        new(CampaignTime.Format(entry.At, zone), new Admins.AdminRef(entry.ActorId, entry.Actor), entry.Action, entry.Code, entry.Args, entry.Summary);
}
