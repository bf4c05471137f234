using FanRewards.Core.Entries;
using FanRewards.Core.Telemetry;

namespace FanRewards.Functions.Tests.Telemetry;

/// <summary>
/// The stock-left gauge (fanrewards.stock.left) after known work against real Table Storage: each award attempt tells
/// it what the instance's picture of the units knows, down to 0 at the sell-out; reading the gauge costs no request.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StockLeftGaugeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Stock_left_falls_with_each_first_come_win_to_zero_and_observing_it_reads_no_storage()
    {
        const int stock = 5;
        var requests = new StorageRequestCounter();
        var scenario = await EntryScenario.CreateAsync(azurite, $"gauge-{Guid.NewGuid():N}"[..20], TimeProvider.System,
            new EntryScenarioOptions { Tickets = stock, Awards = true, Requests = requests });
        var campaignId = scenario.Campaign.Id;
        Assert.Empty(GaugeReadings.Of(FanRewardsTelemetry.StockLeftName, campaignId)); // nothing tried yet: nothing reported

        for (var i = 0; i < 2; i++)
            Assert.NotNull((await scenario.Entries.LikeAsync(campaignId, "zhang-san", new Entrant($"fan-{i}", false), CancellationToken.None)).Prize);
        Assert.Equal(new Dictionary<string, long> { ["ticket"] = stock - 2 }, GaugeReadings.Of(FanRewardsTelemetry.StockLeftName, campaignId));

        for (var i = 2; i < stock + 2; i++) await scenario.Entries.LikeAsync(campaignId, "zhang-san", new Entrant($"fan-{i}", false), CancellationToken.None);
        Assert.Equal(new Dictionary<string, long> { ["ticket"] = 0 }, GaugeReadings.Of(FanRewardsTelemetry.StockLeftName, campaignId));

        requests.Reset();
        for (var i = 0; i < 3; i++) GaugeReadings.Of(FanRewardsTelemetry.StockLeftName, campaignId);
        Assert.Equal((0, 0), (requests.Reads, requests.Writes));
    }
}
