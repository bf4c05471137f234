namespace FanRewards.Core.Awards;

public static class AwardProblems
{
    public static Problem NothingToClaim() =>
        new(Problem.TypePrefix + "nothing-to-claim", 404, "You have no prize to claim in this campaign.", "Only a winner of a prize that is delivered claims it.");

    public static Problem DeadlinePassed(string deadline) =>
        new(Problem.TypePrefix + "claim-deadline-passed", 409, "The claim deadline has passed.",
            $"Prizes had to be claimed by {deadline}; an unclaimed prize passes to the next alternate.");

    public static Problem NoLongerYours(string status) =>
        new(Problem.TypePrefix + "prize-no-longer-yours", 409, "This prize is no longer yours to claim.", $"It was {status}.");
}
