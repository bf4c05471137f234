using FanRewards.Core.Admins;

namespace FanRewards.Core.DataAccess;

/// <summary>
/// One look at personal data that is not masked: who (<paramref name="Actor"/>), when, what (the export's name), how
/// many rows and why (the reason the person gave). Written before the data leaves, kept for the auditor.
/// </summary>
public sealed record DataAccessRecord(string Id, string CampaignId, DateTimeOffset At, AdminRef Actor, string What, int Rows, string Reason);

/// <summary>A data-access record as the auditor reads it: its time in the campaign's zone.</summary>
public sealed record DataAccessView(string Id, string CampaignId, string At, AdminRef Actor, string What, int Rows, string Reason)
{
    public static DataAccessView From(DataAccessRecord r, TimeZoneInfo zone) =>
        new(r.Id, r.CampaignId, Campaigns.CampaignTime.Format(r.At, zone), r.Actor, r.What, r.Rows, r.Reason);
}
