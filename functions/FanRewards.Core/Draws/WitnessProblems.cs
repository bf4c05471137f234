namespace FanRewards.Core.Draws;

/// <summary>Refusals of a witness's reveal or an admin's excuse: each changes nothing.</summary>
public static class WitnessProblems
{
    public static Problem NotSealedYet(string drawId) =>
        new(Problem.TypePrefix + "draw-not-sealed", 409, "This draw's entry set is not sealed yet.",
            $"Draw '{drawId}' takes reveals once its entry set is sealed at the cutoff; reveal then.");

    public static Problem AlreadyRun(string drawId) =>
        new(Problem.TypePrefix + "draw-already-run", 409, "This draw has already run.", $"Draw '{drawId}' no longer takes reveals or excuses.");

    public static Problem AlreadyDecided(string witnessId, WitnessState state) =>
        new(Problem.TypePrefix + "witness-already-" + state.ToString().ToLowerInvariant(), 409,
            $"This witness has already {(state == WitnessState.Revealed ? "revealed" : "been excused")}.",
            $"Witness '{witnessId}' is {state.ToString().ToLowerInvariant()}; nothing was changed.");

    public static Problem SecretMismatch(string witnessId) =>
        new(Problem.TypePrefix + "witness-secret-mismatch", 422, "The secret does not match the witness's commitment.",
            $"SHA-256 of the secret given is not the commitment published for witness '{witnessId}'. Nothing was changed.");

    public static Problem RevealDeadlineNotPassed(string witnessId, string revealBy) =>
        new(Problem.TypePrefix + "reveal-deadline-not-passed", 409, "The witness may still reveal.",
            $"Witness '{witnessId}' can be excused only after {revealBy}.", Extensions: new Dictionary<string, object?> { ["revealBy"] = revealBy });
}
