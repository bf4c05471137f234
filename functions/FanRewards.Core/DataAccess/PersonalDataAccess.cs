using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;

namespace FanRewards.Core.DataAccess;

/// <summary>
/// Access to unmasked contact data is accountable: it needs a reason, and leaves a record (who, when, what, how many
/// rows, why) that is written before the data is handed out, so an export that fails half-way is still on record.
/// </summary>
public sealed class PersonalDataAccess(IDataAccessLog log, TimeProvider clock)
{
    public const int ReasonMinLength = 3;
    public const int ReasonMaxLength = 200;

    /// <summary>The trimmed reason, or a 422 naming the <c>reason</c> parameter; checked before any data is read.</summary>
    public static string RequireReason(string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        var errors = new ValidationErrors();
        if (trimmed.Length is < ReasonMinLength or > ReasonMaxLength || trimmed.Any(char.IsControl))
        {
            errors.Add("reason", "reason-required",
                $"Say why you need this personal data ({ReasonMinLength}–{ReasonMaxLength} characters, one line): it is recorded for the auditor.",
                ("min", ReasonMinLength), ("max", ReasonMaxLength));
        }
        errors.ThrowIfAny(e => Problem.Validation(e, "Exports with personal data take a reason (the reason query parameter)."));
        return trimmed;
    }

    public async Task RecordAsync(string campaignId, AdminPrincipal actor, string what, int rows, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await log.WriteAsync(new DataAccessRecord($"da-{Guid.NewGuid():N}"[..15], campaignId, now, AdminRef.Of(actor), what, rows, reason), ct);
    }

    public async Task<IReadOnlyList<DataAccessView>> ListAsync(Campaign campaign, int max, CancellationToken ct) =>
        (await log.ListAsync(campaign.Id, Math.Clamp(max, 1, 1000), ct)).Select(r => DataAccessView.From(r, campaign.Zone)).ToList();
}
