namespace FanRewards.Core.Awards;

/// <param name="Received">Codes in the upload (blank lines and a header not counted).</param>
/// <param name="Distinct">Codes left after removing repeats within the upload.</param>
/// <param name="Added">Codes stored by this upload.</param>
/// <param name="AlreadyPresent">Distinct codes that were stored already (by an earlier upload).</param>
/// <param name="TotalForPrize">Codes the prize has now.</param>
/// <param name="Available">Of those, codes not yet issued.</param>
public sealed record VoucherUploadResult(int Received, int Distinct, int Added, int AlreadyPresent, int TotalForPrize, int Available);

public sealed record VoucherCounts(int Total, int Issued, int Available);

/// <summary>What the admin API shows about a prize's codes: counts only, never a code.</summary>
public sealed record VoucherSummary(string CampaignId, string PrizeId, int? PrizeCount, int Total, int Issued, int Available);
