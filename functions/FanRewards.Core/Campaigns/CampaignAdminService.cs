using FanRewards.Core.Admins;
namespace FanRewards.Core.Campaigns;

/// <summary>
/// Every admin change to a campaign goes through here, from the admin API and from seed loading alike, so that a
/// seed that would fail validation fails the same way an admin's request would. Each change makes this instance's public
/// catalog forget the campaign, so an admin sees their change at once; other instances see it within the cache's expiry.
/// </summary>
/// <param name="publication">What the other features prepare before a publish or an early close is saved, in this order.</param>
public sealed class CampaignAdminService(ICampaignStore store, PublicCampaignCatalog catalog, TimeProvider clock, PublishPolicy policy,
    IEnumerable<ICampaignPublication> publication)
{
    private readonly IReadOnlyList<ICampaignPublication> _publication = publication.ToList();

    /// <summary>Commands without an If-Match re-read and retry this often when they race another edit.</summary>
    private const int ConflictRetries = 5;

    public async Task<StoredCampaign> CreateAsync(CampaignDefinition definition, AdminPrincipal actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckDraft(definition, errors);
        CheckFourEyes(definition, errors);
        errors.ThrowIfAny(e => Problem.Validation(e));

        var now = clock.GetUtcNow();
        var campaign = new Campaign
        {
            Definition = definition with { TimeZone = definition.TimeZone ?? CampaignTime.DefaultTimeZone },
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        try
        {
            return await store.CreateAsync(campaign, Audit(campaign.Id, now, actor, new("create", "Created the campaign as a draft.", AuditCodes.CampaignCreated, AuditCodes.NoArgs)), ct);
        }
        catch (CampaignAlreadyExistsException)
        {
            throw new ProblemException(Problem.AlreadyExists("campaign", campaign.Id));
        }
    }

    /// <summary>Whether publishing the campaign and running its draws by hand take a second person: the tenant's rule, else the campaign's.</summary>
    public bool RequiresFourEyes(Campaign campaign) => policy.AlwaysFourEyes || campaign.Model.FourEyes;

    public async Task<StoredCampaign> GetAsync(string campaignId, CancellationToken ct) =>
        await store.FindAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));

    public Task<IReadOnlyList<StoredCampaign>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string campaignId, int max, CancellationToken ct) =>
        store.ListAuditAsync(campaignId, Math.Clamp(max, 1, 1000), ct);

    public Task<StoredCampaign> UpdateAsync(string campaignId, CampaignDefinition definition, string? ifMatch, AdminPrincipal actor,
        CancellationToken ct)
    {
        if (ifMatch is null) throw new ProblemException(Problem.PreconditionRequired());
        var errors = new ValidationErrors();
        if (definition.Id is not null && definition.Id != campaignId)
            errors.Add("id", "id-cannot-change", $"Must be '{campaignId}' or left out; a campaign's id cannot change.", ("id", campaignId));
        CampaignValidator.CheckDraft(definition with { Id = campaignId }, errors);
        CheckFourEyes(definition, errors);
        errors.ThrowIfAny(e => Problem.Validation(e));

        return ChangeAsync(campaignId, ifMatch, actor, CampaignItemKinds.None, (campaign, _) =>
        {
            RequireDraft(campaign, "edited");
            var updated = campaign with
            {
                Definition = definition with { Id = campaignId, TimeZone = definition.TimeZone ?? CampaignTime.DefaultTimeZone },
            };
            var changed = ChangedFields(campaign.Definition, updated.Definition);
            return (updated, new("update", changed.Count == 0 ? "Saved without changes." : $"Changed {string.Join(", ", changed)}.",
                AuditCodes.CampaignUpdated, AuditCodes.Args(("fields", string.Join(", ", changed)))));
        }, ct);
    }

    public Task<StoredCampaign> ReplaceRiddlesAsync(string campaignId, IReadOnlyList<RiddleDefinition> riddles, string? ifMatch,
        AdminPrincipal actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckRiddles(riddles, errors);
        errors.ThrowIfAny(e => Problem.Validation(e));
        return ReplaceItemsAsync(campaignId, ifMatch, actor, CampaignItemKinds.Riddles, c => c with { Riddles = riddles },
            new("replace-riddles", $"Replaced the riddles ({riddles.Count}).", AuditCodes.RiddlesReplaced, AuditCodes.Args(("count", riddles.Count))), ct);
    }

    public Task<StoredCampaign> ReplaceCandidatesAsync(string campaignId, IReadOnlyList<CandidateDefinition> candidates,
        string? ifMatch, AdminPrincipal actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckCandidates(candidates, errors);
        errors.ThrowIfAny(e => Problem.Validation(e));
        return ReplaceItemsAsync(campaignId, ifMatch, actor, CampaignItemKinds.Candidates, c => c with { Candidates = candidates },
            new("replace-candidates", $"Replaced the candidates ({candidates.Count}).", AuditCodes.CandidatesReplaced,
                AuditCodes.Args(("count", candidates.Count))), ct);
    }

    public Task<StoredCampaign> ReplacePrizesAsync(string campaignId, IReadOnlyList<PrizeDefinition> prizes, string? ifMatch,
        AdminPrincipal actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckPrizes(prizes, errors);
        errors.ThrowIfAny(e => Problem.Validation(e));
        var tiers = string.Join(", ", prizes.Select(p => $"{p.Id}×{p.Count}"));
        return ReplaceItemsAsync(campaignId, ifMatch, actor, CampaignItemKinds.Prizes, c => c with { Prizes = prizes },
            new("replace-prizes", $"Replaced the prize tiers ({prizes.Count}: {tiers}).", AuditCodes.PrizesReplaced,
                AuditCodes.Args(("count", prizes.Count), ("tiers", tiers))), ct);
    }

    public Task<StoredCampaign> PublishAsync(string campaignId, string? ifMatch, AdminPrincipal actor, CancellationToken ct) =>
        ChangeAsync(campaignId, ifMatch, actor, CampaignItemKinds.None, (campaign, now) =>
        {
            RequireDraft(campaign, "published");
            var errors = new ValidationErrors();
            CampaignValidator.CheckPublishable(campaign, policy, now, errors);
            errors.ThrowIfAny(Problem.PublishBlocked);
            // The pseudonym key is made in this ETag-guarded write that publishes: a published campaign always has it.
            var key = campaign.PseudonymKey ?? PseudonymKey.New();
            var published = campaign with { Lifecycle = CampaignLifecycle.Published, PublishedAt = now, PseudonymKey = key };
            // Publishing requires an opening time, so a published campaign has one.
            var opensAt = published.OpensAt is { } opens ? CampaignTime.Format(opens, campaign.Zone) : null;
            return (published, new("publish", opensAt is null ? "Published." : $"Published; entries open {opensAt}.",
                AuditCodes.CampaignPublished, AuditCodes.Args(("opensAt", opensAt))));
        }, ct, beforeSave: async published =>
        {
            // The draws and their secret seeds exist before the campaign shows as published, so the commitments it
            // publishes always refer to stored seeds; a publish that dies in between leaves draws a retry reuses.
            var commitments = new Dictionary<string, string>();
            foreach (var step in _publication)
            {
                foreach (var (drawId, commitment) in await step.PublishingAsync(published, ct))
                    commitments[drawId] = commitment;
            }

            return published with { DrawCommitments = commitments };
        });

    /// <summary>
    /// What <see cref="PublishAsync"/> would refuse, without publishing: four eyes asks it when publishing is requested,
    /// so a request that could not be carried out is refused at once. Returns the version the request pins.
    /// </summary>
    public async Task<StoredCampaign> CheckPublishableAsync(string campaignId, string? ifMatch, CancellationToken ct)
    {
        var stored = await GetAsync(campaignId, ct);
        if (ifMatch is not null && ifMatch != "*" && ifMatch != stored.ETag) throw new ProblemException(Problem.PreconditionFailed());
        RequireDraft(stored.Campaign, "published");
        var errors = new ValidationErrors();
        CampaignValidator.CheckPublishable(stored.Campaign, policy, clock.GetUtcNow(), errors);
        errors.ThrowIfAny(Problem.PublishBlocked);
        return stored;
    }

    public Task<StoredCampaign> CloseAsync(string campaignId, string? ifMatch, AdminPrincipal actor, CancellationToken ct) =>
        ChangeAsync(campaignId, ifMatch, actor, CampaignItemKinds.None, (campaign, now) =>
        {
            var status = campaign.StatusAt(now);
            if (status is not (CampaignStatus.Published or CampaignStatus.Open))
            {
                throw new ProblemException(Problem.InvalidState(
                    $"Only a published or open campaign can be closed; this one is {Describe(status)}.", StatusExtension(status)));
            }

            return (campaign with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = now }, new("close",
                $"Closed early, while {Describe(status)}.", AuditCodes.CampaignClosed, AuditCodes.Args(("status", Describe(status)))));
        }, ct, beforeSave: async closed =>
        {
            foreach (var step in _publication) await step.ClosingAsync(closed, ct);
            return closed;
        });

    public Task<StoredCampaign> ArchiveAsync(string campaignId, string? ifMatch, AdminPrincipal actor, CancellationToken ct) =>
        ChangeAsync(campaignId, ifMatch, actor, CampaignItemKinds.None, (campaign, now) =>
        {
            var status = campaign.StatusAt(now);
            if (status is not (CampaignStatus.Draft or CampaignStatus.Closed or CampaignStatus.Drawn))
            {
                throw new ProblemException(Problem.InvalidState(
                    $"Only a draft, closed or drawn campaign can be archived; this one is {Describe(status)}. Close it first.",
                    StatusExtension(status)));
            }

            return (campaign with { Lifecycle = CampaignLifecycle.Archived, ArchivedAt = now }, new("archive", $"Archived while {Describe(status)}.",
                AuditCodes.CampaignArchived, AuditCodes.Args(("status", Describe(status)))));
        }, ct);

    private Task<StoredCampaign> ReplaceItemsAsync(string campaignId, string? ifMatch, AdminPrincipal actor, CampaignItemKinds kind,
        Func<Campaign, Campaign> replace, AuditNote note, CancellationToken ct) =>
        ChangeAsync(campaignId, ifMatch, actor, kind, (campaign, _) =>
        {
            RequireDraft(campaign, "changed");
            return (replace(campaign), note);
        }, ct);

    /// <summary>
    /// Read, check, write guarded by the ETag. With the client's If-Match a conflict is the client's to resolve (412);
    /// without one the command re-reads and decides again, so two racing commands never both act on a stale state.
    /// </summary>
    private async Task<StoredCampaign> ChangeAsync(string campaignId, string? ifMatch, AdminPrincipal actor, CampaignItemKinds changedItems,
        Func<Campaign, DateTimeOffset, (Campaign Updated, AuditNote Note)> change, CancellationToken ct,
        Func<Campaign, Task<Campaign>>? beforeSave = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await GetAsync(campaignId, ct);
            if (ifMatch is not null && ifMatch != "*" && ifMatch != stored.ETag)
                throw new ProblemException(Problem.PreconditionFailed());
            var now = clock.GetUtcNow();
            var (updated, note) = change(stored.Campaign, now);
            if (beforeSave is not null) updated = await beforeSave(updated);
            try
            {
                var saved = await store.SaveAsync(updated with { UpdatedAt = now, Version = stored.Campaign.Version + 1 }, stored.ETag, changedItems,
                    Audit(campaignId, now, actor, note), ct);
                catalog.Forget(campaignId);
                return saved;
            }
            catch (EditConflictException) when (ifMatch is null && attempt < ConflictRetries)
            {
            }
            catch (EditConflictException)
            {
                throw new ProblemException(Problem.PreconditionFailed());
            }
        }
    }

    private static void RequireDraft(Campaign campaign, string verb)
    {
        if (campaign.Lifecycle != CampaignLifecycle.Draft)
        {
            throw new ProblemException(Problem.InvalidState(
                $"Only a draft can be {verb}; this campaign is {campaign.Lifecycle.ToString().ToLowerInvariant()}. " +
                "What a published promotion disclosed cannot change.",
                new Dictionary<string, object?> { ["lifecycle"] = campaign.Lifecycle.ToString().ToLowerInvariant() }));
        }
    }

    private static string Describe(CampaignStatus status) => status.ToString().ToLowerInvariant();

    private static Dictionary<string, object?> StatusExtension(CampaignStatus status) => new() { ["campaignStatus"] = Describe(status) };

    private static AuditEntry Audit(string campaignId, DateTimeOffset at, AdminPrincipal actor, AuditNote note) =>
        new(campaignId, at, actor.Name, note.Action, note.Summary) { ActorId = actor.Id, Code = note.Code, Args = note.Args };

    /// <summary>What a change writes in the audit besides who and when.</summary>
    private sealed record AuditNote(string Action, string Summary, string Code, IReadOnlyDictionary<string, string> Args);

    private static List<string> ChangedFields(CampaignDefinition before, CampaignDefinition after)
    {
        var changed = new List<string>();
        foreach (var property in typeof(CampaignDefinition).GetProperties())
        {
            if (property.Name == nameof(CampaignDefinition.Id)) continue;
            var a = System.Text.Json.JsonSerializer.Serialize(property.GetValue(before), Json.FanRewardsJson.Options);
            var b = System.Text.Json.JsonSerializer.Serialize(property.GetValue(after), Json.FanRewardsJson.Options);
            if (a != b) changed.Add(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name));
        }
        return changed;
    }

    /// <summary>Where the tenant always asks for four eyes, a campaign cannot opt out: switching it off would let one person publish alone.</summary>
    private void CheckFourEyes(CampaignDefinition definition, ValidationErrors errors)
    {
        if (policy.AlwaysFourEyes && definition.FourEyes == false)
            errors.Add("fourEyes", "four-eyes-required", "Four eyes is required for every campaign here (Approvals:AlwaysFourEyes): leave it on or out.");
    }
}
