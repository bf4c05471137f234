using FanRewards.Core.Admins;

namespace FanRewards.Core.Entries;

/// <summary>
/// An entrant kept out of every later draw and prize of a campaign: why, by whom (the signed-in person's id and name; a row
/// written before admins signed in as themselves has the name only), when.
/// </summary>
public sealed record Disqualification(string CampaignId, string EntrantId, string Pseudonym, string Reason, AdminRef By, DateTimeOffset At)
{
    /// <summary>The record for an admin who does not moderate (the auditor): the entrant id masked as the fraud review masks it.</summary>
    public Disqualification WithEntrantMasked() => this with { EntrantId = EntrantIdMask.Of(EntrantId) };
}
