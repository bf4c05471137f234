using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Fraud;

/// <summary>
/// What fraud review asks of the entry path, in two calls: refuse a disqualified entrant before anything is written
/// (through a per-instance copy of the campaign's disqualifications, read at most once per few seconds, never per
/// entry), and fold each accepted entry into this instance's <see cref="SignalTally"/> (memory only).
/// </summary>
public sealed class EntryWatch(SignalTally tally, DisqualifiedEntrants disqualified)
{
    public void Accepted(Campaign campaign, EntryRecord entry) => tally.EntryAccepted(campaign, entry);

    public async Task RefuseIfDisqualifiedAsync(Campaign campaign, Entrant entrant, CancellationToken ct)
    {
        if ((await disqualified.OfAsync(campaign.Id, ct)).EntrantIds.Contains(entrant.Id))
            throw new ProblemException(EntryProblems.Disqualified());
    }
}
