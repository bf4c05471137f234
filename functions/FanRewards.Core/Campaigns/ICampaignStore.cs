namespace FanRewards.Core.Campaigns;

/// <summary>The campaigns, their item lists and their audit trail; every change is saved with the audit entry describing it.</summary>
public interface ICampaignStore
{
    /// <summary>The campaign with its riddles, candidates and prizes, or null.</summary>
    Task<StoredCampaign?> FindAsync(string campaignId, CancellationToken ct);

    /// <summary>Every campaign's definition and lifecycle, without riddles, candidates and prizes.</summary>
    Task<IReadOnlyList<StoredCampaign>> ListAsync(CancellationToken ct);

    /// <exception cref="CampaignAlreadyExistsException">The id is taken.</exception>
    Task<StoredCampaign> CreateAsync(Campaign campaign, AuditEntry audit, CancellationToken ct);

    /// <summary>Replaces the campaign if it is still at <paramref name="etag"/>, with the item kinds named in <paramref name="changedItems"/>.</summary>
    /// <exception cref="EditConflictException">Someone else changed it since <paramref name="etag"/>.</exception>
    Task<StoredCampaign> SaveAsync(Campaign campaign, string etag, CampaignItemKinds changedItems, AuditEntry audit,
        CancellationToken ct);

    /// <summary>The campaign's audit trail, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string campaignId, int max, CancellationToken ct);
}
