using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Awards;

/// <summary>
/// The voucher codes of one prize, each handed to exactly one award (DESIGN.md invariant 3). Codes are only ever
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

public static partial class VoucherCodes
{
    public const int MaxLength = 64;
    public const int MaxPerUpload = 100_000;
    public const string Rule = "1 to 64 characters from A-Z, a-z, 0-9, '-' and '_'";

    // The character set keeps every code a valid Table RowKey (no / \ # ? or control characters) and safe in CSV.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid([NotNullWhen(true)] string? code) => code is not null && Pattern().IsMatch(code);
}

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

/// <summary>
/// Admins upload a voucher prize's codes, in draft or after publishing (codes often arrive late) but not once the
/// campaign is archived. A bad upload writes nothing; every upload is audited, without its codes.
/// </summary>
public sealed class VoucherService(CampaignAdminService campaigns, IVoucherStore store, IAuditLog audit, TimeProvider clock)
{
    /// <summary>How many bad codes a validation problem lists.</summary>
    public const int ReportedErrors = 10;

    public async Task<VoucherUploadResult> UploadAsync(string campaignId, string prizeId, VoucherUpload upload, string actor,
        CancellationToken ct)
    {
        var codes = Validate(upload);
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        RequireVoucherPrize(campaign, prizeId);
        if (campaign.Lifecycle == CampaignLifecycle.Archived)
        {
            throw new ProblemException(Problem.InvalidState("Voucher codes cannot be uploaded to an archived campaign.",
                new Dictionary<string, object?> { ["campaignStatus"] = "archived" }));
        }

        var result = await store.AddAsync(campaign.Id, prizeId, codes, ct);
        var now = clock.GetUtcNow();
        await audit.WriteAsync(new AuditEntry(campaign.Id, now, actor, "upload-vouchers",
                $"Uploaded {result.Received} voucher codes for prize {prizeId} ({result.Added} added, {result.Received - result.Added} duplicates)."),
            // Every upload is its own row, even two in the same tick.
            $"vouchers-{prizeId}-{Guid.NewGuid():N}", ct);
        return result;
    }

    public async Task<VoucherSummary> SummarizeAsync(string campaignId, string prizeId, CancellationToken ct)
    {
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        var prize = RequireVoucherPrize(campaign, prizeId);
        var counts = await store.CountAsync(campaign.Id, prizeId, ct);
        return new VoucherSummary(campaign.Id, prizeId, prize.Count, counts.Total, counts.Issued, counts.Available);
    }

    /// <summary>The trimmed codes, or a 422 listing the first few bad ones by position (never by value).</summary>
    public static IReadOnlyList<string> Validate(VoucherUpload upload)
    {
        var errors = new ValidationErrors();
        if (upload.Codes.Count == 0) errors.Add("codes", "at-least-one", "At least one code is required.");
        if (upload.Codes.Count > VoucherCodes.MaxPerUpload)
        {
            errors.Add("codes", "too-many", $"At most {VoucherCodes.MaxPerUpload} codes per upload; this one has {upload.Codes.Count}. Split the file.",
                ("max", VoucherCodes.MaxPerUpload), ("count", upload.Codes.Count));
        }

        errors.ThrowIfAny(e => Problem.Validation(e));

        var codes = new List<string>(upload.Codes.Count);
        var bad = 0;
        for (var i = 0; i < upload.Codes.Count; i++)
        {
            var code = upload.Codes[i]?.Trim();
            if (VoucherCodes.IsValid(code))
            {
                codes.Add(code);
                continue;
            }
            if (++bad > ReportedErrors) continue;
            if (code is null) errors.Add(upload.Where(i), "required", "A code is required here, not null.");
            else if (code.Length > VoucherCodes.MaxLength)
                errors.Add(upload.Where(i), "invalid-voucher-code", $"Too long ({code.Length} characters); a code is {VoucherCodes.Rule}.");
            else errors.Add(upload.Where(i), "invalid-voucher-code", $"Must be {VoucherCodes.Rule}.");
        }
        errors.ThrowIfAny(e => Problem.Validation(e,
            $"{bad} of {upload.Codes.Count} codes are invalid{(bad > ReportedErrors ? $"; the first {ReportedErrors} are listed" : "")}. Nothing was saved."));
        return codes;
    }

    private static PrizeTier RequireVoucherPrize(Campaign campaign, string prizeId)
    {
        var prize = campaign.Model.FindPrize(prizeId) ?? throw new ProblemException(Problem.NotFound("prize", prizeId));
        if (prize.Kind != PrizeKind.Voucher) throw new ProblemException(VoucherProblems.NotAVoucherPrize(prizeId, prize.Kind));
        return prize;
    }
}
