using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;

namespace FanRewards.Core.Awards;

/// <summary>
/// Admins upload a voucher prize's codes, in draft or after publishing (codes often arrive late) but not once the
/// campaign is archived. A bad upload writes nothing; every upload is audited, without its codes.
/// </summary>
public sealed class VoucherService(CampaignAdminService campaigns, IVoucherStore store, IAuditLog audit, TimeProvider clock)
{
    /// <summary>How many bad codes a validation problem lists.</summary>
    public const int ReportedErrors = 10;

    public async Task<VoucherUploadResult> UploadAsync(string campaignId, string prizeId, VoucherUpload upload, AdminPrincipal actor,
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
                $"Uploaded {result.Received} voucher codes for prize {prizeId} ({result.Added} added, {result.Received - result.Added} duplicates).")
        {
            Code = AuditCodes.VouchersUploaded,
            Args = AuditCodes.Args(("prizeId", prizeId), ("received", result.Received), ("added", result.Added)),
        },
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
