using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;
using Moq;
using static FanRewards.Core.Tests.Support.TestStores;
using static FanRewards.Testing.TestCampaign;

namespace FanRewards.Core.Tests.Entries;

public class ModerationServiceTests
{
    private static readonly Core.Admins.AdminPrincipal Actor = TestAdmins.Named("admin:wang");
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly ManualClock _clock = new(LanternFestival.Opens.AddDays(1));
    private readonly InMemoryEntries _entries = new();
    private readonly Mock<IAuditLog> _audit = new(MockBehavior.Strict);
    private readonly List<(AuditEntry Entry, string Key)> _audited = [];
    private readonly ModerationService _service;
    private readonly string _pseudonym = PseudonymOf("wx_zhang");

    /// <summary>An entrant's pseudonym in the campaign these tests moderate (salted with its key).</summary>
    private static string PseudonymOf(string entrantId) => EveryKind().Build().PseudonymOf(entrantId);

    public ModerationServiceTests()
    {
        var admin = TestServices.Admin(StoreWith(EveryKind().Build()).Object, _clock);
        _audit.Setup(a => a.WriteAsync(It.IsAny<AuditEntry>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<AuditEntry, string, CancellationToken>((e, k, _) => _audited.Add((e, k))).Returns(Task.CompletedTask);
        _service = new ModerationService(admin, _entries.Mock.Object, _audit.Object, _clock);
    }

    private (int, string) Key(string entrantId = "wx_zhang") =>
        (Pseudonym.BucketOf(PseudonymOf(entrantId), 16), "messages:" + PseudonymOf(entrantId));

    private void Message(string entrantId = "wx_zhang", EntryStatus status = EntryStatus.Pending, DateTimeOffset? at = null)
    {
        var pseudonym = PseudonymOf(entrantId);
        _entries.Insert(new EntryRecord
        {
            CampaignId = CampaignId, Bucket = Pseudonym.BucketOf(pseudonym, 16), RowKey = "messages:" + pseudonym, ActivityId = "messages",
            Kind = ActivityKind.Message, EntrantId = entrantId, Pseudonym = pseudonym, AcceptedAt = at ?? LanternFestival.Opens.AddHours(3),
            Text = "元宵快乐", Status = status,
        });
    }

    [Fact]
    public async Task Approving_a_message_changes_its_status_and_audits_the_actor()
    {
        Message();

        var item = await _service.DecideAsync(CampaignId, "messages", "wx_zhang", approve: true, Actor, Ct);

        Assert.Equal(new ModerationItem("messages", "wx_zhang", _pseudonym, "元宵快乐", EntryStatus.Approved, "2027-02-12T11:00:00+08:00"), item);
        Assert.Equal(EntryStatus.Approved, _entries.Rows[Key()].Status);
        var (entry, key) = Assert.Single(_audited);
        Assert.Equal((CampaignId, Actor.Name, Actor.Id, "approve-message", _clock.Now), (entry.CampaignId, entry.Actor, entry.ActorId, entry.Action, entry.At));
        Assert.Contains(_pseudonym[..12], entry.Summary);
        Assert.DoesNotContain("wx_zhang", entry.Summary);
        Assert.Equal($"moderation-messages-{_pseudonym}-approved-{Actor.AuditKey}", key);
    }

    [Fact]
    public async Task Rejecting_a_message_changes_its_status_and_audits_it()
    {
        Message();

        var item = await _service.DecideAsync(CampaignId, "messages", "wx_zhang", approve: false, TestAdmins.Named("admin:li"), Ct);

        Assert.Equal(EntryStatus.Rejected, item.Status);
        Assert.Equal(EntryStatus.Rejected, _entries.Rows[Key()].Status);
        Assert.Equal(("admin:li", "reject-message"), (_audited.Single().Entry.Actor, _audited.Single().Entry.Action));
    }

    [Fact]
    public async Task Approving_twice_writes_once_and_audits_under_the_same_key()
    {
        Message();
        await _service.DecideAsync(CampaignId, "messages", "wx_zhang", true, Actor, Ct);
        await _service.DecideAsync(CampaignId, "messages", "wx_zhang", true, Actor, Ct);

        _entries.Mock.Verify(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(2, _audited.Count);
        Assert.Equal(_audited[0].Key, _audited[1].Key);
    }

    [Fact]
    public async Task A_decision_retried_later_is_audited_at_its_own_time_and_the_same_decision_by_another_gets_its_own_row()
    {
        Message();
        await _service.DecideAsync(CampaignId, "messages", "wx_zhang", true, Actor, Ct);
        _clock.Advance(TimeSpan.FromMinutes(3));
        await _service.DecideAsync(CampaignId, "messages", "wx_zhang", true, Actor, Ct);
        await _service.DecideAsync(CampaignId, "messages", "wx_zhang", true, TestAdmins.Named("admin:li"), Ct);

        Assert.Equal((_audited[0].Key, _audited[0].Entry.At), (_audited[1].Key, _audited[1].Entry.At));
        Assert.NotEqual(_audited[0].Key, _audited[2].Key);
    }

    [Fact]
    public async Task A_decision_that_races_another_rereads_and_applies()
    {
        Message();
        var raced = false;
        _entries.Mock.Setup(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()))
            .Returns((EntryRecord e, CancellationToken _) =>
            {
                if (raced) return Task.FromResult(_entries.Replace(e));
                raced = true;
                _entries.Rows[Key()] = _entries.Rows[Key()] with { ETag = _entries.NextETag() };
                return Task.FromResult<string?>(null);
            });

        await _service.DecideAsync(CampaignId, "messages", "wx_zhang", true, Actor, Ct);

        Assert.Equal(EntryStatus.Approved, _entries.Rows[Key()].Status);
        Assert.Single(_audited);
    }

    [Fact]
    public async Task Deciding_an_unknown_message_is_404_and_audits_nothing()
    {
        var problem = await ProblemFrom(() => _service.DecideAsync(CampaignId, "messages", "wx_nobody", true, Actor, Ct));

        Assert.Equal((404, Problem.TypePrefix + "not-found"), (problem.Status, problem.Type));
        _entries.VerifyNoWrites();
        Assert.Empty(_audited);
    }

    [Theory]
    [InlineData("steps")]
    [InlineData("nope")]
    public async Task Deciding_in_an_activity_that_is_not_a_message_activity_is_404(string activityId)
    {
        Message();
        var problem = await ProblemFrom(() => _service.DecideAsync(CampaignId, activityId, "wx_zhang", true, Actor, Ct));

        Assert.Equal(404, problem.Status);
        Assert.Empty(_audited);
    }

    [Fact]
    public async Task Deciding_in_an_unknown_campaign_is_404() =>
        Assert.Equal(404, (await ProblemFrom(() => _service.DecideAsync("no-such", "messages", "wx_zhang", true, Actor, Ct))).Status);

    [Theory]
    [InlineData("Pending")]
    [InlineData("all")]
    [InlineData("")]
    [InlineData("confirmed")]
    public async Task Listing_with_an_unknown_status_filter_is_422_before_any_read(string status)
    {
        var problem = await ProblemFrom(() => _service.ListAsync(CampaignId, status, null, 50, Ct));

        Assert.Equal(422, problem.Status);
        Assert.True(problem.Errors!.ContainsKey("status"));
        _entries.Mock.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pending")]
    [InlineData("approved")]
    [InlineData("rejected")]
    public async Task Listing_passes_a_valid_status_filter_to_the_store(string? status)
    {
        var first = PseudonymOf("wx_a");
        var wanted = status is null ? (EntryStatus?)null : WireName.Parse<EntryStatus>(status);
        _entries.Mock.Setup(s => s.ScanActivityAsync(CampaignId, 16, "messages", wanted, It.IsAny<CancellationToken>()))
            .Returns(() => Async(
            [
                new EntryRecord
                {
                    CampaignId = CampaignId, Bucket = 0, RowKey = "messages:wx_b", ActivityId = "messages", Kind = ActivityKind.Message, EntrantId = "wx_b",
                    Pseudonym = PseudonymOf("wx_b"), AcceptedAt = LanternFestival.Opens.AddHours(2), Text = "二", Status = wanted ?? EntryStatus.Pending,
                },
                new EntryRecord
                {
                    CampaignId = CampaignId, Bucket = 1, RowKey = "messages:wx_a", ActivityId = "messages", Kind = ActivityKind.Message, EntrantId = "wx_a",
                    Pseudonym = first, AcceptedAt = LanternFestival.Opens.AddHours(1), Text = "一", Status = wanted ?? EntryStatus.Pending,
                },
            ]));

        var items = await _service.ListAsync(CampaignId, status, null, 50, Ct);

        Assert.Equal(["wx_a", "wx_b"], items.Select(i => i.EntrantId)); // oldest first
        Assert.Equal("2027-02-12T09:00:00+08:00", items[0].At);
    }

    [Fact]
    public async Task Listing_an_activity_that_is_not_a_message_activity_is_404() =>
        Assert.Equal(404, (await ProblemFrom(() => _service.ListAsync(CampaignId, null, "steps", 50, Ct))).Status);
}

public class DisqualificationServiceTests
{
    private static readonly Core.Admins.AdminPrincipal Actor = TestAdmins.Named("admin:wang");
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly ManualClock _clock = new(LanternFestival.Closes.AddHours(1));
    private readonly Mock<IDisqualificationStore> _store = new(MockBehavior.Strict);
    private readonly Mock<IAuditLog> _audit = new(MockBehavior.Strict);
    private readonly List<(AuditEntry Entry, string Key)> _audited = [];
    private readonly DisqualificationService _service;

    public DisqualificationServiceTests()
    {
        var admin = TestServices.Admin(StoreWith(EveryKind().Build()).Object, _clock);
        _audit.Setup(a => a.WriteAsync(It.IsAny<AuditEntry>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<AuditEntry, string, CancellationToken>((e, k, _) => _audited.Add((e, k))).Returns(Task.CompletedTask);
        _service = new DisqualificationService(admin, _store.Object, _audit.Object, _clock);
    }

    [Fact]
    public async Task Disqualifying_records_the_decision_with_the_persons_id_and_name_and_audits_it_by_pseudonym()
    {
        Disqualification? added = null;
        _store.Setup(s => s.TryAddAsync(It.IsAny<Disqualification>(), It.IsAny<CancellationToken>()))
            .Callback<Disqualification, CancellationToken>((d, _) => added = d).ReturnsAsync(true);

        var result = await _service.DisqualifyAsync(CampaignId, "wx_Zhang.01@union", "刷票", Actor, Ct);

        var pseudonym = EveryKind().Build().PseudonymOf("wx_Zhang.01@union");
        Assert.Equal(new Disqualification(CampaignId, "wx_Zhang.01@union", pseudonym, "刷票", new Core.Admins.AdminRef(Actor.Id, Actor.Name), _clock.Now), result);
        Assert.Equal(result, added);
        var (entry, key) = Assert.Single(_audited);
        Assert.Equal((Actor.Name, Actor.Id, "disqualify", _clock.Now), (entry.Actor, entry.ActorId, entry.Action, entry.At));
        Assert.Contains(pseudonym[..12], entry.Summary);
        Assert.Contains("刷票", entry.Summary);
        Assert.DoesNotContain("wx_Zhang", entry.Summary);
        Assert.Equal($"disqualify-{pseudonym}", key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \u3000")]
    public async Task A_reason_is_required(string? reason)
    {
        var problem = await ProblemFrom(() => _service.DisqualifyAsync(CampaignId, "wx_zhang", reason, Actor, Ct));

        Assert.Equal(422, problem.Status);
        Assert.Equal(["reason"], problem.Errors!.Keys);
        _store.VerifyNoOtherCalls();
        Assert.Empty(_audited);
    }

    [Fact]
    public async Task A_reason_over_500_characters_is_422_and_500_is_fine()
    {
        var problem = await ProblemFrom(() => _service.DisqualifyAsync(CampaignId, "wx_zhang", new string('刷', 501), Actor, Ct));
        Assert.Equal(422, problem.Status);
        Assert.Equal(["reason"], problem.Errors!.Keys);
        _store.VerifyNoOtherCalls();

        _store.Setup(s => s.TryAddAsync(It.IsAny<Disqualification>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        Assert.Equal(500, (await _service.DisqualifyAsync(CampaignId, "wx_zhang", new string('刷', 500), Actor, Ct)).Reason.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("张三")]
    public async Task A_malformed_entrant_id_is_400_naming_the_entrant_rule(string entrantId)
    {
        var problem = await ProblemFrom(() => _service.DisqualifyAsync(CampaignId, entrantId, "刷票", Actor, Ct));

        Assert.Equal((400, Problem.TypePrefix + "invalid-id"), (problem.Status, problem.Type));
        Assert.Contains(Entrant.IdRule, problem.Detail);
        Assert.Equal([$"Must be {Entrant.IdRule}."], problem.Errors!["entrantId"]);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Disqualifying_in_an_unknown_campaign_is_404() =>
        Assert.Equal(404, (await ProblemFrom(() => _service.DisqualifyAsync("no-such", "wx_zhang", "刷票", Actor, Ct))).Status);

    [Fact]
    public async Task A_second_disqualification_keeps_the_first_record_and_audits_under_the_same_key()
    {
        var pseudonym = EveryKind().Build().PseudonymOf("wx_zhang");
        var first = new Disqualification(CampaignId, "wx_zhang", pseudonym, "刷票", new Core.Admins.AdminRef("oid-li", "admin:li"), _clock.Now.AddHours(-2));
        _store.SetupSequence(s => s.TryAddAsync(It.IsAny<Disqualification>(), It.IsAny<CancellationToken>())).ReturnsAsync(true).ReturnsAsync(false);
        _store.Setup(s => s.FindAsync(CampaignId, "wx_zhang", It.IsAny<CancellationToken>())).ReturnsAsync(first);

        await _service.DisqualifyAsync(CampaignId, "wx_zhang", "刷票", TestAdmins.Named("admin:li"), Ct);
        var second = await _service.DisqualifyAsync(CampaignId, "wx_zhang", "另一个理由", Actor, Ct);

        Assert.Same(first, second);
        Assert.Equal(2, _audited.Count);
        Assert.Equal($"disqualify-{pseudonym}", _audited[0].Key);
        Assert.Equal(_audited[0].Key, _audited[1].Key);
        // The re-written audit record describes the standing (first) decision, not the repeated request.
        Assert.Equal(("admin:li", "oid-li", first.At), (_audited[1].Entry.Actor, _audited[1].Entry.ActorId, _audited[1].Entry.At));
        Assert.Contains("刷票", _audited[1].Entry.Summary);
        Assert.DoesNotContain("另一个理由", _audited[1].Entry.Summary);
    }
}
