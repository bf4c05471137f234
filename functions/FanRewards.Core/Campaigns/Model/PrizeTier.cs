namespace FanRewards.Core.Campaigns.Model;

/// <summary>One prize tier: how many of one prize there are and what each is worth.</summary>
/// <param name="ValueYuan">Value per prize in yuan (CNY).</param>
public sealed record PrizeTier(string Id, string Name, PrizeKind Kind, decimal ValueYuan, int Count, string? Description)
{
    /// <summary>A prize handed over or booked needs its winner to claim it (with contact details) by the claim deadline; a voucher does not.</summary>
    public bool NeedsClaim => Kind is PrizeKind.Physical or PrizeKind.Service;
}
