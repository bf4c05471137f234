namespace FanRewards.Core.Approvals;

/// <summary>A campaign's four-eyes approvals; every state change is guarded by the ETag read before it.</summary>
public interface IApprovalStore
{
    /// <summary>False when an approval with the same id is stored already (a second identical request: <see cref="Approval.IdFor"/>).</summary>
    Task<bool> TryAddAsync(Approval approval, CancellationToken ct);

    Task<StoredApproval?> FindAsync(string campaignId, string approvalId, CancellationToken ct);

    /// <summary>Every approval of the campaign (a handful: one per publish or manual run asked), newest first.</summary>
    Task<IReadOnlyList<Approval>> ListAsync(string campaignId, CancellationToken ct);

    /// <summary>The new ETag; null when the approval changed since <paramref name="etag"/> was read (someone else decided first).</summary>
    Task<string?> TryReplaceAsync(Approval approval, string etag, CancellationToken ct);
}
