namespace FanRewards.Core.Campaigns;

/// <summary>A campaign with the ETag of the version read; an edit must present it back.</summary>
public sealed record StoredCampaign(Campaign Campaign, string ETag);

/// <summary>Who changed what, when. Written in the same storage operation as the change it describes.</summary>
public sealed record AuditEntry(string CampaignId, DateTimeOffset At, string Actor, string Action, string Summary);

[Flags]
public enum CampaignItemKinds { None = 0, Riddles = 1, Candidates = 2, Prizes = 4 }

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

public sealed class EditConflictException(string campaignId)
    : Exception($"Campaign '{campaignId}' was changed concurrently.");

public sealed class CampaignAlreadyExistsException(string campaignId)
    : Exception($"Campaign '{campaignId}' already exists.");
