namespace FanRewards.Core.Awards;

public static class AwardProblems
{
    public static Problem NothingToClaim() =>
        new(Problem.TypePrefix + "nothing-to-claim", 404, "You have no prize to claim in this campaign.", "Only a winner of a prize that is delivered claims it.");

    public static Problem DeadlinePassed(string deadline) =>
        new(Problem.TypePrefix + "claim-deadline-passed", 409, "The claim deadline has passed.",
            $"Prizes had to be claimed by {deadline}; an unclaimed prize passes to the next alternate.");

    /// <param name="awardId">The award they hold, when known (a win that raced this one is known only by its marker).</param>
    public static Problem AlreadyWon(string? awardId) =>
        new(Problem.TypePrefix + "already-won", 409, "This entrant has already won in this campaign.",
            "Nobody wins twice in a campaign unless it allows several wins; pick another entrant.",
            Extensions: new Dictionary<string, object?> { ["awardId"] = awardId });

    public static Problem VoucherCodeShown(string shownAt) =>
        new(Problem.TypePrefix + "voucher-code-shown", 409, "This voucher is yours: its code has been shown to you.",
            $"Its code was shown to you at {shownAt}, so it cannot be declined and passed to someone else.",
            Extensions: new Dictionary<string, object?> { ["codeShownAt"] = shownAt });

    public static Problem NoLongerYours(string status) =>
        new(Problem.TypePrefix + "prize-no-longer-yours", 409, "This prize is no longer yours to claim.", $"It was {status}.");
}
