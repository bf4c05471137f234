using FanRewards.Core.Campaigns;
using Moq;

namespace FanRewards.Core.Tests.Support;

/// <summary>The campaign store holding one campaign, storage's async streams, and the problem a failing call throws.</summary>
internal static class TestStores
{
    public static Mock<ICampaignStore> StoreWith(Campaign campaign)
    {
        var store = new Mock<ICampaignStore>(MockBehavior.Strict);
        store.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((StoredCampaign?)null);
        store.Setup(s => s.FindAsync(campaign.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredCampaign(campaign, "etag-1"));
        return store;
    }

    public static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    public static async Task<Problem> ProblemFrom(Func<Task> action) => (await Assert.ThrowsAsync<ProblemException>(action)).Problem;
}
