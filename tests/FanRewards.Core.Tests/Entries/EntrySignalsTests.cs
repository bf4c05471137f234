using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

public sealed class EntrySignalsTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:1234:5678::1", "2001:db8:1234::/48")]
    [InlineData("not-an-address", null)]
    [InlineData(null, null)]
    public void A_network_is_the_24_of_an_IPv4_address_and_the_48_of_an_IPv6_one(string? address, string? network) =>
        Assert.Equal(network, NetworkPrefix.Of(address));

    [Theory]
    [InlineData("Mozilla/5.0 (Linux; Android 13; V2154A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.43", "WeChat/Android")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Version/17.1 Mobile/15E148 Safari/604.1", "Safari/iOS")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0", "Edge/Windows")]
    [InlineData("python-requests/2.31", "Python/other")]
    [InlineData("", null)]
    public void A_user_agent_is_reduced_to_its_family_and_platform(string userAgent, string? family) =>
        Assert.Equal(family, UserAgentFamily.Of(userAgent));

    [Fact]
    public void Signals_are_keyed_hashes_under_the_campaigns_key_never_the_values()
    {
        var traits = new ClientTraits("203.0.113.0/24", "WeChat/Android");
        var campaign = TestCampaign.Lantern().Published().Build();
        var signals = EntrySignals.Of(campaign, traits);

        Assert.Equal(signals, EntrySignals.Of(campaign, traits with { }));
        Assert.Equal(EntrySignals.HashLength, signals.Network?.Length);
        Assert.DoesNotContain("203.0.113", signals.Network, StringComparison.Ordinal);
        Assert.NotEqual(signals.Network, EntrySignals.Of(campaign, traits with { Network = "203.0.114.0/24" }).Network);
        // Another campaign's key: the same network hashes differently, so one campaign's signals say nothing about another's.
        var other = campaign with { PseudonymKey = PseudonymKey.New() };
        Assert.NotEqual(signals.Network, EntrySignals.Of(other, traits).Network);
    }

    [Fact]
    public void A_campaign_without_a_key_keeps_no_signals() =>
        Assert.Equal(EntrySignals.None, EntrySignals.Of(TestCampaign.Lantern().Published().Unsalted().Build(), new ClientTraits("203.0.113.0/24", "Chrome/Windows")));
}
