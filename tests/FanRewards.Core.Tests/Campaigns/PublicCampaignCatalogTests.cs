using FanRewards.Core.Campaigns;
using Moq;

namespace FanRewards.Core.Tests.Campaigns;

public class PublicCampaignCatalogTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly Mock<ICampaignStore> _store = new(MockBehavior.Strict);
    private readonly ManualClock _clock = new(LanternFestival.Opens.AddHours(1));
    private readonly PublicCampaignCatalog _catalog;

    public PublicCampaignCatalogTests() =>
        _catalog = new PublicCampaignCatalog(new CachingCampaignStore(_store.Object, _clock, new CampaignCacheOptions { TimeToLive = Ttl }), _clock);

    private void Stored(Campaign? campaign, string id = "lantern-2027") =>
        _store.Setup(s => s.FindAsync(id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(campaign is null ? null : new StoredCampaign(campaign, "etag-1"));

    private void VerifyReads(string id, int times) => _store.Verify(s => s.FindAsync(id, It.IsAny<CancellationToken>()), Times.Exactly(times));

    [Fact]
    public async Task A_published_campaign_is_found()
    {
        Stored(TestCampaign.Lantern().Published().Build());
        var found = await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal("lantern-2027", found.Id);
    }

    [Fact]
    public async Task A_draft_is_not_found()
    {
        Stored(TestCampaign.Lantern().Build());
        Assert.Null(await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None));
    }

    [Fact]
    public async Task An_archived_campaign_is_not_found()
    {
        Stored(TestCampaign.Lantern().Published().Build() with { Lifecycle = CampaignLifecycle.Archived, ArchivedAt = _clock.Now });
        Assert.Null(await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None));
    }

    [Fact]
    public async Task Closed_and_drawn_campaigns_stay_visible()
    {
        Stored(TestCampaign.Lantern().Published().Build() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = _clock.Now }, "closed");
        Stored(TestCampaign.Lantern().Published().Build() with { Lifecycle = CampaignLifecycle.Drawn }, "drawn");
        Assert.NotNull(await _catalog.FindVisibleAsync("closed", CancellationToken.None));
        Assert.NotNull(await _catalog.FindVisibleAsync("drawn", CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_campaign_is_not_found_and_the_miss_is_cached_too()
    {
        Stored(null, "nope");
        Assert.Null(await _catalog.FindVisibleAsync("nope", CancellationToken.None));
        Assert.Null(await _catalog.FindVisibleAsync("nope", CancellationToken.None));
        VerifyReads("nope", 1);
    }

    [Fact]
    public async Task Drafts_and_archived_campaigns_are_not_listed()
    {
        var list = new List<StoredCampaign>
        {
            new(TestCampaign.Lantern("a-draft").Build(), "e"),
            new(TestCampaign.Lantern("b-published").Published().Build(), "e"),
            new(TestCampaign.Lantern("c-archived").Published().Build() with { Lifecycle = CampaignLifecycle.Archived }, "e"),
            new(TestCampaign.Lantern("d-closed").Published().Build() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = _clock.Now }, "e"),
            new(TestCampaign.Lantern("e-drawn").Published().Build() with { Lifecycle = CampaignLifecycle.Drawn }, "e"),
        };
        _store.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync(list);

        var listed = await _catalog.ListVisibleAsync(CancellationToken.None);

        Assert.Equal(["b-published", "d-closed", "e-drawn"], listed.Select(l => l.Id).Order(StringComparer.Ordinal));
        var published = listed.Single(l => l.Id == "b-published");
        Assert.Equal("open", published.Status);
        Assert.Equal("2027-02-12T08:00:00+08:00", published.OpensAt);
        Assert.Equal("Asia/Shanghai", published.TimeZone);
        Assert.Equal("closed", listed.Single(l => l.Id == "d-closed").Status);
    }

    [Fact]
    public async Task A_second_read_within_the_expiry_is_served_from_the_cache()
    {
        Stored(TestCampaign.Lantern().Published().Build());

        var first = await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);
        _clock.Advance(Ttl - TimeSpan.FromTicks(1));
        var second = await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);

        Assert.Same(first, second);
        VerifyReads("lantern-2027", 1);
    }

    [Fact]
    public async Task A_read_after_the_expiry_goes_to_the_store()
    {
        Stored(TestCampaign.Lantern().Published().Build());

        await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);
        _clock.Advance(Ttl);
        await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);
        VerifyReads("lantern-2027", 2);

        // ...and the fresh read is cached in turn.
        await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);
        VerifyReads("lantern-2027", 2);
    }

    [Fact]
    public async Task A_change_in_storage_shows_after_the_expiry()
    {
        _store.SetupSequence(s => s.FindAsync("lantern-2027", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredCampaign(TestCampaign.Lantern().Build(), "etag-1"))
            .ReturnsAsync(new StoredCampaign(TestCampaign.Lantern().Published().Build(), "etag-2"));

        Assert.Null(await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None));
        Assert.Null(await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None));
        _clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        Assert.NotNull(await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None));
    }

    [Fact]
    public async Task Each_campaign_is_cached_separately()
    {
        Stored(TestCampaign.Lantern("one").Published().Build(), "one");
        Stored(TestCampaign.Lantern("two").Published().Build(), "two");

        Assert.Equal("one", (await _catalog.FindVisibleAsync("one", CancellationToken.None))!.Id);
        Assert.Equal("two", (await _catalog.FindVisibleAsync("two", CancellationToken.None))!.Id);
        Assert.Equal("one", (await _catalog.FindVisibleAsync("one", CancellationToken.None))!.Id);
        VerifyReads("one", 1);
        VerifyReads("two", 1);
    }

    [Fact]
    public async Task Concurrent_finds_for_the_same_campaign_share_one_store_read()
    {
        var pending = new TaskCompletionSource<StoredCampaign?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Setup(s => s.FindAsync("lantern-2027", It.IsAny<CancellationToken>())).Returns(pending.Task);

        var finds = Enumerable.Range(0, 10).Select(_ => _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None)).ToList();
        Assert.All(finds, f => Assert.False(f.IsCompleted));
        pending.SetResult(new StoredCampaign(TestCampaign.Lantern().Published().Build(), "etag-1"));
        var results = await Task.WhenAll(finds);

        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.NotNull(results[0]);
        VerifyReads("lantern-2027", 1);
    }

    [Fact]
    public async Task A_caller_giving_up_does_not_cancel_the_shared_read()
    {
        var pending = new TaskCompletionSource<StoredCampaign?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Setup(s => s.FindAsync("lantern-2027", It.IsAny<CancellationToken>())).Returns(pending.Task);
        using var cts = new CancellationTokenSource();

        var impatient = _catalog.FindVisibleAsync("lantern-2027", cts.Token);
        var patient = _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        pending.SetResult(new StoredCampaign(TestCampaign.Lantern().Published().Build(), "etag-1"));

        Assert.NotNull(await patient);
        VerifyReads("lantern-2027", 1);
    }

    [Fact]
    public async Task A_failed_read_is_not_cached()
    {
        _store.SetupSequence(s => s.FindAsync("lantern-2027", It.IsAny<CancellationToken>()))
            .Returns(Task.FromException<StoredCampaign?>(new IOException("storage hiccup")))
            .ReturnsAsync(new StoredCampaign(TestCampaign.Lantern().Published().Build(), "etag-1"));

        await Assert.ThrowsAsync<IOException>(() => _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None));
        Assert.NotNull(await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None));
        VerifyReads("lantern-2027", 2);
    }

    [Fact]
    public async Task Forget_makes_the_next_read_go_to_the_store()
    {
        Stored(TestCampaign.Lantern().Published().Build());

        await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);
        _catalog.Forget("lantern-2027");
        await _catalog.FindVisibleAsync("lantern-2027", CancellationToken.None);

        VerifyReads("lantern-2027", 2);
    }

    [Fact]
    public async Task The_list_is_cached_for_the_expiry_and_forgotten_on_change()
    {
        _store.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([new StoredCampaign(TestCampaign.Lantern().Published().Build(), "e")]);

        await _catalog.ListVisibleAsync(CancellationToken.None);
        await _catalog.ListVisibleAsync(CancellationToken.None);
        _store.Verify(s => s.ListAsync(It.IsAny<CancellationToken>()), Times.Once);

        _clock.Advance(Ttl);
        await _catalog.ListVisibleAsync(CancellationToken.None);
        _store.Verify(s => s.ListAsync(It.IsAny<CancellationToken>()), Times.Exactly(2));

        _catalog.Forget("lantern-2027");
        await _catalog.ListVisibleAsync(CancellationToken.None);
        _store.Verify(s => s.ListAsync(It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task Listed_status_follows_the_clock_even_from_a_cached_read()
    {
        _store.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([new StoredCampaign(TestCampaign.Lantern().Published().Build(), "e")]);
        _clock.Now = LanternFestival.Closes - TimeSpan.FromSeconds(1);
        Assert.Equal("open", Assert.Single(await _catalog.ListVisibleAsync(CancellationToken.None)).Status);

        _clock.Now = LanternFestival.Closes; // within the expiry of the cached list
        Assert.Equal("closed", Assert.Single(await _catalog.ListVisibleAsync(CancellationToken.None)).Status);
        _store.Verify(s => s.ListAsync(It.IsAny<CancellationToken>()), Times.Once);
    }
}
