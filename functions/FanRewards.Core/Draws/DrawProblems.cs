using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Draws;

public static class DrawProblems
{
    public static Problem AlreadyDrawn(string drawId, Campaign campaign, DateTimeOffset? at) =>
        new(Problem.TypePrefix + "already-drawn", 409, "This draw is finished and cannot be run again.",
            $"Draw '{drawId}' was drawn{(at is { } a ? " at " + CampaignTime.Format(a, campaign.Zone) : "")}. A prize only passes on by the alternate rule.");

    public static Problem EntriesStillOpen(string drawId, string cutoff) =>
        new(Problem.TypePrefix + "entries-still-open", 409, "Entries for this draw are still open.",
            $"Draw '{drawId}' can run from {cutoff}.", Extensions: new Dictionary<string, object?> { ["cutoff"] = cutoff });

    public static Problem EarlierDrawPending(string drawId) =>
        new(Problem.TypePrefix + "earlier-draw-pending", 409, "An earlier draw of this campaign has not been drawn.",
            $"Draws run in order; run the earlier ones before '{drawId}'.");

    public static Problem NotDrawnYet(string drawId) =>
        new(Problem.TypePrefix + "not-drawn-yet", 409, "This draw has not been drawn yet.", $"Draw '{drawId}' has no result yet.");

    public static Problem WaitingForWitnesses(string drawId, IReadOnlyList<string> waiting) =>
        new(Problem.TypePrefix + "waiting-for-witnesses", 409, "This draw is waiting for its witnesses.",
            $"Draw '{drawId}' runs once every witness has revealed or been excused; waiting for {string.Join(", ", waiting)}.",
            Extensions: new Dictionary<string, object?> { ["waitingFor"] = waiting });
}
