namespace FanRewards.Core.Campaigns;

/// <summary>
/// A draw's witnesses (Trust v2): a draft may hold a witness whose commitment is still to come, but what it holds must
/// be well-formed; publishing requires every commitment and the reveal deadline, after the draw's cutoff.
/// </summary>
internal static class WitnessValidator
{
    public const int MaxNameLength = 100;

    public static void CheckDraft(DrawDefinition draw, string at, TimeZoneInfo zone, ValidationErrors errors)
    {
        var witnesses = draw.Witnesses ?? [];
        if (witnesses.Count > CampaignLimits.Witnesses)
            errors.Add($"{at}.witnesses", "too-many", $"At most {CampaignLimits.Witnesses} witnesses.", ("max", CampaignLimits.Witnesses));
        // A JSON null in the list ("witnesses": [null]) is a missing witness, not a crash.
        errors.Unique(witnesses.OfType<WitnessDefinition>().ToList(), w => w.Id, $"{at}.witnesses", "id");
        for (var i = 0; i < witnesses.Count; i++)
        {
            var path = $"{at}.witnesses[{i}]";
            if (witnesses[i] is not { } witness)
            {
                errors.Add(path, "required", "A witness is an object with an id, a name and a commitment.");
                continue;
            }
            errors.Id(witness.Id, $"{path}.id");
            errors.Require(witness.Name, $"{path}.name", MaxNameLength);
            if (witness.Commitment is { } commitment && !IsCommitment(commitment))
                errors.Add($"{path}.commitment", "invalid-commitment", "Must be 64 lowercase hex characters: the SHA-256 of the witness's secret.");
        }
        CampaignValidator.CheckTime(draw.RevealBy, $"{at}.revealBy", zone, errors, required: false);
        if (draw.RevealBy is not null && witnesses.Count == 0)
            errors.Add($"{at}.revealBy", "reveal-by-without-witnesses", "Only a draw with witnesses has a reveal deadline.");
    }

    /// <param name="cutoff">The draw's entry cutoff (its time, or the close when earlier); null when unknown.</param>
    public static void CheckPublishable(DrawDefinition draw, string at, TimeZoneInfo zone, DateTimeOffset? cutoff, ValidationErrors errors)
    {
        var witnesses = draw.Witnesses ?? [];
        if (witnesses.Count == 0) return;
        for (var i = 0; i < witnesses.Count; i++)
        {
            if (witnesses[i] is { Commitment: null })
            {
                errors.Add($"{at}.witnesses[{i}].commitment", "witness-commitment-required",
                    "Required to publish: the commitment the witness handed over (fanrewards-verify witness new prints it).");
            }
        }
        var revealBy = CampaignValidator.CheckTime(draw.RevealBy, $"{at}.revealBy", zone, errors, required: true);
        if (revealBy is not null && cutoff is not null && revealBy <= cutoff)
            errors.Add($"{at}.revealBy", "must-be-after-cutoff", "Must be after the draw's entry cutoff (its time, or the close if earlier).");
    }

    public static bool IsCommitment(string text) => text.Length == 64 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
