using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Outbox;
using FanRewards.Functions.Events;
using FanRewards.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Due;

/// <summary>
/// The due index on Azurite: the claim, voucher, contact, top-N and outbox sweeps read the marks of what is due and
/// nothing else, and a mark written before its award transaction never lets the transaction's work go unfound.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DueIndexTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);
    private readonly StorageRequestCounter _requests = new();
    private readonly List<ServiceBusMessage> _sent = [];
    private StorageTables _tables = null!;
    private TableCampaignStore _campaigns = null!;
    private TableAwardStore _tableAwards = null!;
    private DueLedger _due = null!;
    private IAwardStore _awards = null!;
    private ClaimService _claims = null!;
    private TopNService _topN = null!;
    private OutboxPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_requests, HttpPipelinePosition.PerCall);
        _tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, options), StorageNames.Unique("due"));
        await _tables.EnsureCreatedAsync(CancellationToken.None);
        _campaigns = new TableCampaignStore(_tables);
        _tableAwards = new TableAwardStore(_tables, new AwardChanges());
        _due = NewLedger();
        _awards = new DueMarkingAwardStore(_tableAwards, _due);
        (_claims, _topN, _publisher) = Sweeps(_awards, _due);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task With_a_thousand_finished_campaigns_and_nothing_due_each_sweep_reads_only_the_due_index()
    {
        // A thousand campaigns that are over: drawn, with a top-N activity. A hundred of them have history as well:
        // a prize claimed before its deadline, its events, their top N given.
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var campaign = FinishedCampaign($"done-{i:D4}");
            await _campaigns.CreateAsync(campaign, new AuditEntry(campaign.Id, Start, "test", "create", "Created.") { Code = AuditCodes.CampaignCreated }, ct);
            if (i >= 100) return;
            await _due.MarkAsync([TopNService.CloseMarkOf(campaign)!], ct);
            await _awards.EnsureAwardsAsync([AwardFor(campaign.Id, "topN-steps-000001", Start.AddDays(1))], oneWinPerEntrant: false, ct);
            var award = (await _awards.FindAsync(campaign.Id, "topN-steps-000001", ct))!;
            Assert.True(await _awards.TryUpdateAsync(award with { Status = AwardStatus.Claimed, ClaimedAt = Start },
                [new OutboxEvent(campaign.Id, "claimed-topN-steps-000001", EventTypes.PrizeClaimed, Start, "")], ct));
            await _tableAwards.MarkStepDoneAsync(campaign.Id, "topN-steps", Start, ct);
        });
        Assert.NotEmpty(await AllMarksAsync());

        // Two days on, the sweeps find that history done, publish the events and remove the marks.
        _clock.Now = Start.AddDays(2);
        for (var round = 0; round < 3 && (await AllMarksAsync()).Count > 0; round++) await SweepAllAsync();
        Assert.Empty(await AllMarksAsync());
        Assert.Equal(200, _sent.Count); // each campaign's award and claim, once

        _requests.Reset();
        var (passed, deleted) = await _claims.SweepAsync(CancellationToken.None);
        var claimReads = _requests.Snapshot();
        _requests.Reset();
        var steps = await _topN.FindDueAsync(CancellationToken.None);
        var topNReads = _requests.Snapshot();
        _requests.Reset();
        var published = await _publisher.PublishPendingAsync(CancellationToken.None);
        var outboxReads = _requests.Snapshot();

        Assert.Equal((0, 0, 0, 0), (passed, deleted, steps.Count, published));
        // One range query of the due index per kind a sweep owns: claims, vouchers and contacts; top-N closes; the outbox.
        Assert.Equal(3, claimReads.Count);
        Assert.Single(topNReads);
        Assert.Single(outboxReads);
        Assert.All(claimReads.Concat(topNReads).Concat(outboxReads), r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Contains(StorageTables.DueWorkName + "()", r.Path);
        });
    }

    [Fact]
    public async Task A_crash_between_the_mark_and_the_award_transaction_loses_nothing()
    {
        var campaign = await CreateAsync("crash");
        var award = AwardFor(campaign.Id, "topN-steps-000001", Start.AddDays(1));

        // The instance dies after writing the marks, before the transaction: nothing to find, nothing lost.
        var dying = new DueMarkingAwardStore(new GatedAwardStore(_tableAwards) { Crash = true }, NewLedger());
        await Assert.ThrowsAsync<IOException>(() => dying.EnsureAwardsAsync([award], oneWinPerEntrant: false, CancellationToken.None));
        Assert.Equal(3, (await AllMarksAsync()).Count); // outbox, vouchers, claim deadline
        Assert.Null(await _awards.FindAsync(campaign.Id, award.Award.AwardId, CancellationToken.None));

        // The step is retried (its queue message comes back) on another instance and lands, behind marks of its own.
        var retried = new DueMarkingAwardStore(_tableAwards, NewLedger());
        await retried.EnsureAwardsAsync([award], oneWinPerEntrant: false, CancellationToken.None);

        // Past the claim deadline and the settle time: the event is published, the unclaimed prize forfeited, the marks gone.
        _clock.Now = Start.AddDays(1).AddMinutes(11);
        await SweepAllAsync();
        Assert.Equal(AwardStatus.Forfeited, (await _awards.FindAsync(campaign.Id, award.Award.AwardId, CancellationToken.None))!.Status);
        Assert.Equal([award.Event.EventId, $"passed-{award.Award.AwardId}"], _sent.Select(m => m.MessageId));
        _clock.Now += TimeSpan.FromMinutes(11);
        await SweepAllAsync();
        Assert.Empty(await AllMarksAsync());
    }

    [Fact]
    public async Task A_transaction_still_in_flight_when_a_sweep_looks_is_found_later_even_if_its_mark_was_removed()
    {
        var campaign = await CreateAsync("slow");
        var gate = new GatedAwardStore(_tableAwards);
        var slow = new DueMarkingAwardStore(gate, NewLedger());
        var award = AwardFor(campaign.Id, "judged-card-0000001", null);

        // A young mark stays: the sweep finds nothing yet, but the transaction it covers may still land.
        var writing = slow.EnsureAwardsAsync([award], oneWinPerEntrant: false, CancellationToken.None);
        await Poll.UntilAsync(() => gate.Waiting, TimeSpan.FromSeconds(30), "the award transaction to start");
        _clock.Now = Start.AddMinutes(1);
        Assert.Equal(0, await _publisher.PublishPendingAsync(CancellationToken.None));
        Assert.Contains(await AllMarksAsync(), m => m.Mark.Kind == DueKinds.Outbox);

        // Stalled past the settle time, the sweep takes the mark away; the transaction then lands and marks again.
        _clock.Now = Start.AddMinutes(11);
        Assert.Equal(0, await _publisher.PublishPendingAsync(CancellationToken.None));
        Assert.DoesNotContain(await AllMarksAsync(), m => m.Mark.Kind == DueKinds.Outbox);
        gate.Release();
        await writing;
        Assert.Contains(await AllMarksAsync(), m => m.Mark.Kind == DueKinds.Outbox);

        Assert.Equal(1, await _publisher.PublishPendingAsync(CancellationToken.None));
        Assert.Equal([award.Event.EventId], _sent.Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_mark_written_again_after_a_sweep_read_it_is_not_removed()
    {
        var campaign = await CreateAsync("rewritten");
        var first = NewLedger();
        await first.MarkAsync([DueMark.Now(DueKinds.Outbox, campaign.Id)], CancellationToken.None);
        _clock.Now = Start.AddMinutes(11);
        var read = Assert.Single(await _due.ListDueAsync(DueKinds.Outbox, CancellationToken.None));

        await NewLedger().MarkAsync([DueMark.Now(DueKinds.Outbox, campaign.Id)], CancellationToken.None); // a new award's mark

        Assert.False(await _due.SettleAsync(read, _due.Now, CancellationToken.None));
        Assert.Single(await AllMarksAsync());
    }

    [Fact]
    public async Task A_sweep_that_looked_while_the_mark_was_young_does_not_remove_it_however_long_it_took()
    {
        var campaign = await CreateAsync("slowsweep");
        await NewLedger().MarkAsync([DueMark.Now(DueKinds.Outbox, campaign.Id)], CancellationToken.None);
        _clock.Now = Start.AddMinutes(4);
        var read = Assert.Single(await _due.ListDueAsync(DueKinds.Outbox, CancellationToken.None));
        var inspectedAt = _due.Now; // the sweep looks at the work now: a transaction the mark covers may land after this

        _clock.Now = Start.AddMinutes(11); // the sweep was slow; the mark is old by now, but was young when it looked
        Assert.False(await _due.SettleAsync(read, inspectedAt, CancellationToken.None));
        Assert.Single(await AllMarksAsync());

        Assert.True(await _due.SettleAsync(read, _due.Now, CancellationToken.None)); // a sweep that looks now may settle it
        Assert.Empty(await AllMarksAsync());
    }

    [Fact]
    public async Task Work_from_before_the_index_is_marked_once_by_the_backfill_and_then_found_by_the_sweeps()
    {
        var campaign = await CreateAsync("before");
        var award = AwardFor(campaign.Id, "topN-steps-000001", Start.AddDays(1));
        await _tableAwards.EnsureAwardsAsync([award], oneWinPerEntrant: false, CancellationToken.None); // written by the old code: no marks
        await _tableAwards.MarkStepDoneAsync(campaign.Id, "topN-steps", Start, CancellationToken.None);
        _clock.Now = Start.AddDays(1).AddMinutes(1);
        await SweepAllAsync();
        Assert.Empty(_sent); // unfound without its marks

        var backfill = new DueBackfill(_campaigns, _awards, new TableOutbox(_tables), new TableClaimContactStore(_tables), _due);
        Assert.Equal(1, await backfill.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await backfill.RunOnceAsync(CancellationToken.None)); // once per store

        await SweepAllAsync();
        Assert.Equal([award.Event.EventId, $"passed-{award.Award.AwardId}"], _sent.Select(m => m.MessageId));
        Assert.Equal(AwardStatus.Forfeited, (await _awards.FindAsync(campaign.Id, award.Award.AwardId, CancellationToken.None))!.Status);
    }

    private DueLedger NewLedger() => new(new TableDueIndex(_tables), _clock, new DueOptions());

    private (ClaimService, TopNService, OutboxPublisher) Sweeps(IAwardStore awards, DueLedger due)
    {
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(_campaigns, _clock, new CampaignCacheOptions { TimeToLive = TimeSpan.Zero }), _clock);
        var draws = new TableDrawStore(_tables);
        var issuer = new VoucherIssuer(awards, new TableVoucherStore(_tables, _clock), _clock);
        var claims = new ClaimService(catalog, _campaigns, awards, new TableClaimContactStore(_tables), new DrawAlternates(draws),
            new TableDisqualificationStore(_tables), _clock, new ClaimOptions(), due,
            issuer, new TableAuditLog(_tables));
        var topN = new TopNService(_campaigns, new TableEntryStore(_tables), awards, _clock, due, issuer, new TableDisqualificationStore(_tables));
        var bus = new Mock<ServiceBusSender>(MockBehavior.Strict);
        var batches = new ConcurrentDictionary<ServiceBusMessageBatch, List<ServiceBusMessage>>(ReferenceEqualityComparer.Instance);
        bus.Setup(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>())).Returns(() =>
        {
            var store = new List<ServiceBusMessage>();
            var batch = ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store, tryAddCallback: _ => true);
            batches[batch] = store;
            return new ValueTask<ServiceBusMessageBatch>(batch);
        });
        bus.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()))
            .Callback((ServiceBusMessageBatch batch, CancellationToken _) => { lock (_sent) _sent.AddRange(batches[batch]); })
            .Returns(Task.CompletedTask);
        var publisher = new OutboxPublisher(new TableOutbox(_tables), due, bus.Object, _clock, NullLogger<OutboxPublisher>.Instance,
            new OutboxPublisherOptions { MaxPerRun = 1000 });
        return (claims, topN, publisher);
    }

    private async Task SweepAllAsync()
    {
        await _claims.SweepAsync(CancellationToken.None);
        foreach (var step in await _topN.FindDueAsync(CancellationToken.None)) await _topN.AwardAsync(step, CancellationToken.None);
        await _publisher.PublishPendingAsync(CancellationToken.None);
    }

    private async Task<List<DueEntry>> AllMarksAsync()
    {
        var index = new TableDueIndex(_tables);
        var all = new List<DueEntry>();
        foreach (var kind in new[] { DueKinds.Outbox, DueKinds.Claim, DueKinds.Contacts, DueKinds.Vouchers, DueKinds.TopN })
            all.AddRange(await index.ListDueAsync(kind, DateTimeOffset.MaxValue.AddDays(-1), 10_000, CancellationToken.None));
        return all;
    }

    private async Task<Campaign> CreateAsync(string id)
    {
        var campaign = FinishedCampaign(id);
        await _campaigns.CreateAsync(campaign, new AuditEntry(id, Start, "test", "create", "Created.") { Code = AuditCodes.CampaignCreated }, CancellationToken.None);
        return campaign;
    }

    /// <summary>A step challenge that ended yesterday and was drawn: its top 1 wins a band.</summary>
    private static Campaign FinishedCampaign(string id) =>
        TestCampaign.Bare(id)
            .Titled("健步走")
            .InZone("Asia/Shanghai")
            .OpenBetween(Start.AddDays(-30), Start.AddDays(-1))
            .WithCheckinActivity("steps", TestCampaign.TopN(1, "band"), dailyCap: 12000, unit: null)
            .Created(Start.AddDays(-40))
            .Published(Start.AddDays(-35))
            .Build() with
        { Lifecycle = CampaignLifecycle.Drawn, DrawnAt = Start.AddDays(-1) };

    private static (Award Award, OutboxEvent Event) AwardFor(string campaignId, string awardId, DateTimeOffset? claimDeadline) =>
        (new Award
        {
            CampaignId = campaignId, AwardId = awardId, PrizeId = "band", ActivityId = "steps", Pseudonym = new string('a', 64),
            EntrantId = "walker-1", Mode = AwardedBy.TopN, AwardedAt = Start, Rank = 1, ClaimDeadline = claimDeadline,
        }, new OutboxEvent(campaignId, $"awarded-{awardId}", EventTypes.WinnerAwarded, Start, ""));

    /// <summary>The table store, except that its award transaction can wait for a release (a slow one) or never run (a crash).</summary>
    private sealed class GatedAwardStore(TableAwardStore inner) : ForwardingAwardStore(inner)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Crash { get; init; }
        public bool Waiting { get; private set; }
        public void Release() => _released.SetResult();

        public override async Task<IReadOnlySet<string>> EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, bool oneWinPerEntrant,
            CancellationToken ct)
        {
            if (Crash) throw new IOException("The process died before the transaction.");
            Waiting = true;
            await _released.Task;
            return await Inner.EnsureAwardsAsync(awards, oneWinPerEntrant, ct);
        }
    }
}
