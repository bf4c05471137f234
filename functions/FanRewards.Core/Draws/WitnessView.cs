using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Draws;

/// <summary>
/// A witness as the proof, the admin's draw status and the reveal answer show it: the secret only once revealed (which
/// is only possible after the seal), the excuse with who and when.
/// </summary>
public sealed record WitnessView(
    string Id, string Name, string Commitment, string State, string? Secret, string? RevealedAt, string? ExcusedBy, string? ExcusedAt,
    string? ExcuseReason)
{
    public static WitnessView Of(DrawWitness w, TimeZoneInfo zone) => new(
        w.Id, w.Name, w.Commitment, w.State.ToString().ToLowerInvariant(), w.State == WitnessState.Revealed ? w.Secret : null,
        Format(w.RevealedAt, zone), w.ExcusedBy, Format(w.ExcusedAt, zone), w.ExcuseReason);

    public static IReadOnlyList<WitnessView> Of(DrawRecord draw, TimeZoneInfo zone) => draw.Witnesses.Select(w => Of(w, zone)).ToList();

    /// <summary>A draw's state as the API names it: scheduled, sealing, sealed, running or drawn.</summary>
    public static string StateOf(DrawRecord draw) => draw.State.ToString().ToLowerInvariant();

    internal static string? Format(DateTimeOffset? at, TimeZoneInfo zone) => at is { } t ? CampaignTime.Format(t, zone) : null;
}
