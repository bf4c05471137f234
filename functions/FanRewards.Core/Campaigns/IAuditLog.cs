namespace FanRewards.Core.Campaigns;

/// <summary>
/// A campaign's audit trail for changes that are not its settings (moderation, disqualification, draws, vouchers,
/// passed prizes); the settings' own changes are written with them by <see cref="ICampaignStore"/>.
/// </summary>
public interface IAuditLog
{
    /// <summary>Writes the entry under <paramref name="key"/>; writing the same key again replaces it, so a retried command is recorded once.</summary>
    Task WriteAsync(AuditEntry entry, string key, CancellationToken ct);
}
