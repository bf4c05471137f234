namespace FanRewards.Core.Awards;

/// <summary>
/// The voucher codes of one prize, each handed to exactly one award (docs/ARCHITECTURE.md, invariant 3). Codes are only ever
/// counted in lists and views; a code leaves the store only through <see cref="IssueAsync"/>, to the award it is issued to.
/// </summary>
public interface IVoucherStore
{
    /// <summary>
    /// Inserts the codes not yet present for the prize; codes already there (issued or not) are left alone, so
    /// uploading the same file twice adds nothing the second time. <paramref name="codes"/> are valid
    /// (<see cref="VoucherCodes.IsValid"/>) and may repeat.
    /// </summary>
    Task<VoucherUploadResult> AddAsync(string campaignId, string prizeId, IReadOnlyList<string> codes, CancellationToken ct);

    /// <summary>
    /// The one code of the award: the code already issued to <paramref name="awardId"/> if there is one (so a repeated
    /// step changes nothing), else a free code claimed for it; null when no free code is left. However many calls for
    /// however many awards run at once, no code goes to two awards and no award gets two codes.
    /// </summary>
    Task<string?> IssueAsync(string campaignId, string prizeId, string awardId, CancellationToken ct);

    Task<VoucherCounts> CountAsync(string campaignId, string prizeId, CancellationToken ct);
}
