using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Awards;

public static class VoucherProblems
{
    public static Problem NotAVoucherPrize(string prizeId, PrizeKind? kind) =>
        new(Problem.TypePrefix + "not-a-voucher-prize", 409, "That prize does not take voucher codes.",
            $"Prize '{prizeId}' is of kind '{kind?.ToString().ToLowerInvariant() ?? "(none)"}'; only a prize of kind 'voucher' has codes.");

    public static Problem UnsupportedMediaType(string? contentType) =>
        new(Problem.TypePrefix + "unsupported-media-type", 415,
            "The request body must be text/csv, text/plain or application/json.",
            $"Content-Type was '{contentType ?? "(none)"}'. Send one code per line as text/csv or text/plain, or {{\"codes\": [...]}} as application/json.");
}
