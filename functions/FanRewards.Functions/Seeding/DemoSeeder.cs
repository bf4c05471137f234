using FanRewards.Core.Campaigns;
using Microsoft.Extensions.Configuration;

namespace FanRewards.Functions.Seeding;

/// <summary>
/// Loads the seed campaigns into an empty store for a local demo. Seeds keep their real dates; here each schedule is
/// moved so the campaign is open from now, closes after a short while and draws a minute after that, so a newcomer
/// can take part at once and see a draw without waiting for Lantern Festival.
/// </summary>
public sealed class DemoSeeder(SeedLoader loader, ICampaignStore store, Storage.StorageTables tables, IConfiguration configuration,
    FanRewards.Core.Awards.VoucherService vouchers)
{
    public async Task<int> SeedIfEmptyAsync(string seedsDirectory, DateTimeOffset now, CancellationToken ct)
    {
        await tables.EnsureCreatedAsync(ct);
        if ((await store.ListAsync(ct)).Count > 0) return 0;
        var openFor = TimeSpan.FromMinutes(configuration.GetValue(AppSettingNames.DemoOpenMinutes, 10.0));
        var seeds = SeedLoader.ReadDirectory(seedsDirectory);
        foreach (var (_, seed) in seeds)
        {
            var loaded = await loader.LoadAsync(seed with { Campaign = ShiftForDemo(seed.Campaign, now, openFor) }, ct);
            await UploadDemoVouchersAsync(loaded.Campaign, ct);
        }
        return seeds.Count;
    }

    /// <summary>
    /// Voucher prizes need codes to hand out; real ones come from the organiser's partner, so the demo makes its own,
    /// one per prize: DEMO-{prizeId}-0001 and so on.
    /// </summary>
    private async Task UploadDemoVouchersAsync(Campaign campaign, CancellationToken ct)
    {
        foreach (var prize in campaign.Prizes.Where(p => p.Kind == PrizeKind.Voucher))
        {
            var codes = Enumerable.Range(1, prize.Count ?? 0).Select(i => (string?)$"DEMO-{prize.Id}-{i:D4}").ToList();
            await vouchers.UploadAsync(campaign.Id, prize.Id!, FanRewards.Core.Awards.VoucherUpload.FromList(codes), SeedLoader.Actor, ct);
        }
    }

    /// <summary>
    /// Opens a minute ago and closes <paramref name="openFor"/> from now; the draws follow the close a minute apart, and
    /// the claim deadline keeps its distance from the last draw (or the close).
    /// </summary>
    public static CampaignDefinition ShiftForDemo(CampaignDefinition definition, DateTimeOffset now, TimeSpan openFor)
    {
        var zone = Core.Campaigns.Model.CampaignModel.ZoneOf(definition);
        var schedule = definition.Schedule ?? throw new InvalidDataException($"Seed '{definition.Id}' has no schedule.");
        var draws = schedule.Draws ?? [];
        var lastAward = draws.Select(d => CampaignTime.Parse(d.At, zone)).Append(CampaignTime.Parse(schedule.ClosesAt, zone)).Max();
        var claimWindow = CampaignTime.Parse(schedule.ClaimDeadline, zone) - lastAward;

        var closes = now + openFor;
        var shiftedDraws = draws.Select((d, i) => d with { At = Local(closes + TimeSpan.FromMinutes(i + 1)) }).ToList();
        var newLastAward = closes + TimeSpan.FromMinutes(draws.Count);
        return definition with
        {
            Schedule = schedule with
            {
                OpensAt = Local(now - TimeSpan.FromMinutes(1)),
                ClosesAt = Local(closes),
                Draws = shiftedDraws,
                ClaimDeadline = Local(newLastAward + claimWindow),
            },
        };

        string Local(DateTimeOffset instant) => CampaignTime.FormatLocal(instant, zone);
    }
}
