using FanRewards.Core.Campaigns;
using Moq;

namespace FanRewards.Core.Tests.Campaigns;

public class CampaignAdminServiceTests
{
    private const string Id = "lantern-2027";
    private static readonly Core.Admins.AdminPrincipal Actor = TestAdmins.Named("admin:wang");
    private readonly Mock<ICampaignStore> _store = new(MockBehavior.Strict);
    private readonly ManualClock _clock = new(LanternFestival.BeforeAll);
    private readonly List<(Campaign Campaign, string ETag, CampaignItemKinds Kinds, AuditEntry Audit)> _saves = [];

    private CampaignAdminService Service(PublishPolicy? policy = null) => TestServices.Admin(_store.Object, _clock, policy);

    private void Stored(Campaign campaign, string etag = "etag-1") =>
        _store.Setup(s => s.FindAsync(Id, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredCampaign(campaign, etag));

    private void SavesSucceed() =>
        _store.Setup(s => s.SaveAsync(It.IsAny<Campaign>(), It.IsAny<string>(), It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .Callback<Campaign, string, CampaignItemKinds, AuditEntry, CancellationToken>((c, e, k, a, _) => _saves.Add((c, e, k, a)))
            .ReturnsAsync((Campaign c, string _, CampaignItemKinds _, AuditEntry _, CancellationToken _) => new StoredCampaign(c, "etag-saved"));

    private void VerifyNeverSaved() =>
        _store.Verify(s => s.SaveAsync(It.IsAny<Campaign>(), It.IsAny<string>(), It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(),
            It.IsAny<CancellationToken>()), Times.Never);

    private static async Task<Problem> ProblemFrom(Func<Task> action) =>
        (await Assert.ThrowsAsync<ProblemException>(action)).Problem;

    // ---- create ----

    [Fact]
    public async Task Create_rejects_an_invalid_definition_without_touching_the_store()
    {
        var problem = await ProblemFrom(() => Service().CreateAsync(
            new CampaignDefinition { Id = "Bad Id", TimeZone = "Nowhere/Land" }, Actor, CancellationToken.None));

        Assert.Equal(422, problem.Status);
        Assert.Equal(Problem.TypePrefix + "validation", problem.Type);
        Assert.Equal(["id", "timeZone"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Create_stores_a_draft_with_the_default_zone_and_audits_it()
    {
        Campaign? created = null;
        AuditEntry? audit = null;
        _store.Setup(s => s.CreateAsync(It.IsAny<Campaign>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .Callback<Campaign, AuditEntry, CancellationToken>((c, a, _) => (created, audit) = (c, a))
            .ReturnsAsync((Campaign c, AuditEntry _, CancellationToken _) => new StoredCampaign(c, "etag-1"));

        var result = await Service().CreateAsync(new CampaignDefinition { Id = Id, Title = "元宵猜灯谜" }, Actor, CancellationToken.None);

        Assert.Equal("etag-1", result.ETag);
        Assert.NotNull(created);
        Assert.Equal(CampaignLifecycle.Draft, created.Lifecycle);
        Assert.Equal("Asia/Shanghai", created.Definition.TimeZone);
        Assert.Equal("元宵猜灯谜", created.Definition.Title);
        Assert.Equal(_clock.Now, created.CreatedAt);
        Assert.Equal(_clock.Now, created.UpdatedAt);
        Assert.Null(created.PublishedAt);
        Assert.Equal(new AuditEntry(Id, _clock.Now, Actor, "create", audit!.Summary) { Code = AuditCodes.CampaignCreated }, audit);
    }

    [Fact]
    public async Task Create_keeps_an_explicit_zone()
    {
        Campaign? created = null;
        _store.Setup(s => s.CreateAsync(It.IsAny<Campaign>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .Callback<Campaign, AuditEntry, CancellationToken>((c, _, _) => created = c)
            .ReturnsAsync((Campaign c, AuditEntry _, CancellationToken _) => new StoredCampaign(c, "etag-1"));

        await Service().CreateAsync(new CampaignDefinition { Id = Id, TimeZone = "America/New_York" }, Actor, CancellationToken.None);

        Assert.Equal("America/New_York", created!.Definition.TimeZone);
    }

    [Fact]
    public async Task Create_with_a_taken_id_is_a_409_already_exists()
    {
        _store.Setup(s => s.CreateAsync(It.IsAny<Campaign>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CampaignAlreadyExistsException(Id));

        var problem = await ProblemFrom(() => Service().CreateAsync(new CampaignDefinition { Id = Id }, Actor, CancellationToken.None));

        Assert.Equal(409, problem.Status);
        Assert.Equal(Problem.TypePrefix + "already-exists", problem.Type);
        Assert.Contains(Id, problem.Detail);
    }

    [Fact]
    public async Task Get_of_an_unknown_campaign_is_a_404()
    {
        _store.Setup(s => s.FindAsync("nope", It.IsAny<CancellationToken>())).ReturnsAsync((StoredCampaign?)null);
        var problem = await ProblemFrom(() => Service().GetAsync("nope", CancellationToken.None));
        Assert.Equal(404, problem.Status);
    }

    [Fact]
    public async Task A_campaign_starts_at_version_1_and_every_saved_change_counts_one_more()
    {
        Campaign? created = null;
        _store.Setup(s => s.CreateAsync(It.IsAny<Campaign>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .Callback<Campaign, AuditEntry, CancellationToken>((c, _, _) => created = c)
            .ReturnsAsync((Campaign c, AuditEntry _, CancellationToken _) => new StoredCampaign(c, "etag-1"));
        await Service().CreateAsync(new CampaignDefinition { Id = Id }, Actor, CancellationToken.None);
        Assert.Equal(1, created!.Version);

        Stored(TestCampaign.Bare(Id).Build() with { Version = 4 });
        SavesSucceed();
        await Service().UpdateAsync(Id, new CampaignDefinition { Id = Id, Title = "改了" }, "etag-1", Actor, CancellationToken.None);
        Assert.Equal(5, _saves.Single().Campaign.Version);
        Assert.Equal(5, AdminCampaignView.From(new StoredCampaign(_saves.Single().Campaign, "etag-2"), _clock.Now).Version);
    }

    // ---- update ----

    [Fact]
    public async Task Update_without_If_Match_is_a_428_and_reads_nothing()
    {
        var problem = await ProblemFrom(() => Service().UpdateAsync(Id, TestCampaign.Lantern().BuildDefinition(), null, Actor, CancellationToken.None));

        Assert.Equal(428, problem.Status);
        Assert.Equal(Problem.TypePrefix + "precondition-required", problem.Type);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Update_with_a_stale_If_Match_is_a_412_and_saves_nothing()
    {
        Stored(TestCampaign.Lantern().Build(), "etag-2");

        var problem = await ProblemFrom(() => Service().UpdateAsync(Id, TestCampaign.Lantern().BuildDefinition(), "etag-1", Actor, CancellationToken.None));

        Assert.Equal(412, problem.Status);
        Assert.Equal(Problem.TypePrefix + "precondition-failed", problem.Type);
        VerifyNeverSaved();
    }

    [Fact]
    public async Task Update_of_a_published_campaign_is_a_409_invalid_state_and_saves_nothing()
    {
        Stored(TestCampaign.Lantern().Published().Build());

        var problem = await ProblemFrom(() => Service().UpdateAsync(Id, TestCampaign.Lantern().BuildDefinition() with { Title = "改了" }, "etag-1", Actor,
            CancellationToken.None));

        Assert.Equal(409, problem.Status);
        Assert.Equal(Problem.TypePrefix + "invalid-state", problem.Type);
        Assert.Equal("published", problem.Extensions!["lifecycle"]);
        VerifyNeverSaved();
    }

    [Fact]
    public async Task Update_validates_the_definition_before_reading()
    {
        var problem = await ProblemFrom(() => Service().UpdateAsync(Id, new CampaignDefinition { Title = new string('x', 101) }, "etag-1",
            Actor, CancellationToken.None));

        Assert.Equal(422, problem.Status);
        Assert.Equal(["title"], problem.Errors!.Keys);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Update_may_not_change_the_id()
    {
        var problem = await ProblemFrom(() => Service().UpdateAsync(Id, TestCampaign.Lantern("other-id").BuildDefinition(), "etag-1", Actor,
            CancellationToken.None));

        Assert.Equal(422, problem.Status);
        Assert.Equal(["id"], problem.Errors!.Keys);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Update_of_a_draft_saves_at_the_read_ETag_and_audits_the_changed_fields()
    {
        var before = TestCampaign.Lantern().Build();
        Stored(before, "etag-1");
        SavesSucceed();
        _clock.Advance(TimeSpan.FromMinutes(3));

        await Service().UpdateAsync(Id, TestCampaign.Lantern().BuildDefinition() with { Id = null, Title = "新标题", TimeZone = null }, "etag-1", Actor,
            CancellationToken.None);

        var save = Assert.Single(_saves);
        Assert.Equal("etag-1", save.ETag);
        Assert.Equal(CampaignItemKinds.None, save.Kinds);
        Assert.Equal(Id, save.Campaign.Definition.Id);
        Assert.Equal("新标题", save.Campaign.Definition.Title);
        Assert.Equal("Asia/Shanghai", save.Campaign.Definition.TimeZone);
        Assert.Equal(before.Riddles, save.Campaign.Riddles);
        Assert.Equal(before.CreatedAt, save.Campaign.CreatedAt);
        Assert.Equal(_clock.Now, save.Campaign.UpdatedAt);
        Assert.Equal("update", save.Audit.Action);
        Assert.Equal((Actor.Name, Actor.Id), (save.Audit.Actor, save.Audit.ActorId));
        Assert.Equal(_clock.Now, save.Audit.At);
        // Only the title changed: a missing zone means the default it already had.
        Assert.Contains("title", save.Audit.Summary);
        Assert.DoesNotContain("timeZone", save.Audit.Summary);
        Assert.DoesNotContain("schedule", save.Audit.Summary);
    }

    [Fact]
    public async Task Update_with_a_wildcard_If_Match_accepts_any_version()
    {
        Stored(TestCampaign.Lantern().Build(), "etag-7");
        SavesSucceed();

        await Service().UpdateAsync(Id, TestCampaign.Lantern().BuildDefinition(), "*", Actor, CancellationToken.None);

        Assert.Equal("etag-7", Assert.Single(_saves).ETag);
    }

    // ---- publish ----

    [Fact]
    public async Task Publish_with_problems_is_a_422_publish_blocked_listing_them_and_saves_nothing()
    {
        Stored(TestCampaign.Bare(Id).Titled("只有标题").Build());

        var problem = await ProblemFrom(() => Service().PublishAsync(Id, "etag-1", Actor, CancellationToken.None));

        Assert.Equal(422, problem.Status);
        Assert.Equal(Problem.TypePrefix + "publish-blocked", problem.Type);
        Assert.Contains("organiser.name", problem.Errors!.Keys);
        Assert.Contains("schedule", problem.Errors.Keys);
        Assert.Contains("prizes", problem.Errors.Keys);
        Assert.DoesNotContain("title", problem.Errors.Keys);
        VerifyNeverSaved();
    }

    [Fact]
    public async Task Publish_checks_against_the_current_time()
    {
        Stored(TestCampaign.Lantern().Build());
        _clock.Now = LanternFestival.Closes.AddMinutes(1);

        var problem = await ProblemFrom(() => Service().PublishAsync(Id, "etag-1", Actor, CancellationToken.None));

        Assert.Contains("schedule.closesAt", problem.Errors!.Keys);
        VerifyNeverSaved();
    }

    [Fact]
    public async Task Where_the_tenant_always_asks_for_four_eyes_saving_it_switched_off_is_a_422_naming_it_and_writes_nothing()
    {
        Stored(TestCampaign.Lantern().Build());
        var always = Service(new PublishPolicy { AlwaysFourEyes = true });

        var created = await ProblemFrom(() => always.CreateAsync(TestCampaign.Lantern("other").BuildDefinition() with { FourEyes = false }, Actor,
            CancellationToken.None));
        var updated = await ProblemFrom(() => always.UpdateAsync(Id, TestCampaign.Lantern().BuildDefinition() with { FourEyes = false }, "etag-1", Actor,
            CancellationToken.None));

        foreach (var problem in new[] { created, updated })
        {
            Assert.Equal((422, Problem.TypePrefix + "validation"), (problem.Status, problem.Type));
            Assert.Equal("four-eyes-required", Assert.Single(problem.ErrorCodes!["fourEyes"]).Code);
        }
        VerifyNeverSaved();
        // A campaign saved with it off before the setting was turned on still takes a second person; without the setting it decides.
        var optedOut = TestCampaign.Lantern().WithFourEyes(false).Build();
        Assert.Equal((true, false), (always.RequiresFourEyes(optedOut), Service().RequiresFourEyes(optedOut)));
    }

    [Fact]
    public async Task Publish_checks_against_the_configured_policy()
    {
        Stored(TestCampaign.Lantern().Build());

        var problem = await ProblemFrom(() => Service(new PublishPolicy { PrizeValueCapYuan = 100m })
            .PublishAsync(Id, "etag-1", Actor, CancellationToken.None));

        Assert.Equal(["prizes[0].valueYuan"], problem.Errors!.Keys);
    }

    [Fact]
    public async Task Publish_marks_the_campaign_published_now_and_audits_it()
    {
        Stored(TestCampaign.Lantern().Build(), "etag-1");
        SavesSucceed();

        var result = await Service().PublishAsync(Id, "etag-1", Actor, CancellationToken.None);

        var save = Assert.Single(_saves);
        Assert.Equal("etag-1", save.ETag);
        Assert.Equal(CampaignLifecycle.Published, save.Campaign.Lifecycle);
        Assert.Equal(_clock.Now, save.Campaign.PublishedAt);
        Assert.Equal(_clock.Now, save.Campaign.UpdatedAt);
        Assert.Equal("publish", save.Audit.Action);
        Assert.Equal(Id, save.Audit.CampaignId);
        Assert.Equal((Actor.Name, Actor.Id), (save.Audit.Actor, save.Audit.ActorId));
        Assert.Equal(_clock.Now, save.Audit.At);
        // The summary tells when entries open, in the campaign's zone.
        Assert.Contains("2027-02-12T08:00:00+08:00", save.Audit.Summary);
        Assert.Equal(CampaignStatus.Published, result.Campaign.StatusAt(_clock.Now));
    }

    [Fact]
    public async Task Publish_makes_the_pseudonym_key_in_the_write_that_publishes_and_audits_nothing_of_it()
    {
        Stored(TestCampaign.Lantern().Build(), "etag-1");
        SavesSucceed();

        var result = await Service().PublishAsync(Id, "etag-1", Actor, CancellationToken.None);

        var save = Assert.Single(_saves);
        Assert.NotNull(save.Campaign.PseudonymKey); // in the same guarded save that makes it published
        Assert.Equal(save.Campaign.PseudonymKey, result.Campaign.PseudonymKey);
        var key = save.Campaign.PseudonymKey.Bytes().ToArray();
        Assert.Equal(FanRewards.Core.Entries.Pseudonym.KeyLength, key.Length);
        Assert.Equal(FanRewards.Core.Entries.Pseudonym.KeyLength, PseudonymKey.Length);
        foreach (var text in new[] { save.Audit.Summary, save.Campaign.ToString(), save.Campaign.PseudonymKey.ToString(),
            System.Text.Json.JsonSerializer.Serialize(save.Campaign.PseudonymKey) })
        {
            Assert.DoesNotContain(Convert.ToHexString(key), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(key), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Publish_keeps_a_key_the_draft_already_holds_and_every_new_key_differs()
    {
        var made = PseudonymKey.New();
        Stored(TestCampaign.Lantern().Build() with { PseudonymKey = made }, "etag-1");
        SavesSucceed();

        await Service().PublishAsync(Id, "etag-1", Actor, CancellationToken.None);

        Assert.Same(made, Assert.Single(_saves).Campaign.PseudonymKey);
        Assert.NotEqual(PseudonymKey.New(), PseudonymKey.New());
    }

    [Fact]
    public async Task Publishing_twice_is_a_409()
    {
        Stored(TestCampaign.Lantern().Published().Build());
        var problem = await ProblemFrom(() => Service().PublishAsync(Id, "etag-1", Actor, CancellationToken.None));
        Assert.Equal(409, problem.Status);
        VerifyNeverSaved();
    }

    // ---- close / archive ----

    public static TheoryData<string> CloseAllowed => ["published", "open"];
    public static TheoryData<string> CloseRefused => ["draft", "closed", "closed-early", "drawn", "archived"];
    public static TheoryData<string> ArchiveAllowed => ["draft", "closed", "closed-early", "drawn"];
    public static TheoryData<string> ArchiveRefused => ["published", "open", "archived"];

    /// <summary>A campaign in the named state at <see cref="ManualClock.Now"/> (which this may move).</summary>
    private Campaign InState(string state)
    {
        var published = TestCampaign.Lantern().Published().Build();
        switch (state)
        {
            case "draft": return TestCampaign.Lantern().Build();
            case "published": _clock.Now = LanternFestival.Opens.AddHours(-1); return published;
            case "open": _clock.Now = LanternFestival.Opens.AddHours(1); return published;
            case "closed": _clock.Now = LanternFestival.Closes.AddHours(1); return published;
            case "closed-early":
                _clock.Now = LanternFestival.Opens.AddDays(2);
                return published with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = LanternFestival.Opens.AddDays(1) };
            case "drawn": _clock.Now = LanternFestival.Closes.AddDays(1); return published with { Lifecycle = CampaignLifecycle.Drawn };
            case "archived": _clock.Now = LanternFestival.Closes.AddDays(60); return published with { Lifecycle = CampaignLifecycle.Archived };
            default: throw new ArgumentOutOfRangeException(nameof(state));
        }
    }

    [Theory]
    [MemberData(nameof(CloseAllowed))]
    public async Task Close_is_allowed_while_published_or_open(string state)
    {
        var campaign = InState(state);
        Stored(campaign);
        SavesSucceed();

        await Service().CloseAsync(Id, "etag-1", Actor, CancellationToken.None);

        var save = Assert.Single(_saves);
        Assert.Equal(CampaignLifecycle.ClosedEarly, save.Campaign.Lifecycle);
        Assert.Equal(_clock.Now, save.Campaign.ClosedAt);
        Assert.Equal(CampaignStatus.Closed, save.Campaign.StatusAt(_clock.Now));
        Assert.Equal("close", save.Audit.Action);
        Assert.Contains(state, save.Audit.Summary);
    }

    [Fact]
    public async Task A_change_makes_the_public_catalog_forget_the_campaign_so_the_next_read_is_fresh()
    {
        Stored(InState("open"));
        SavesSucceed();
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(_store.Object, _clock, new CampaignCacheOptions { TimeToLive = TimeSpan.FromHours(1) }), _clock);
        var service = TestServices.Admin(_store.Object, _clock, catalog: catalog);
        await catalog.FindVisibleAsync(Id, CancellationToken.None);
        await catalog.FindVisibleAsync(Id, CancellationToken.None); // cached

        await service.CloseAsync(Id, "etag-1", Actor, CancellationToken.None); // reads the store itself, then saves
        await catalog.FindVisibleAsync(Id, CancellationToken.None);

        _store.Verify(s => s.FindAsync(Id, It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task A_refused_change_leaves_the_catalog_as_it_was()
    {
        Stored(InState("open"));
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(_store.Object, _clock, new CampaignCacheOptions { TimeToLive = TimeSpan.FromHours(1) }), _clock);
        var service = TestServices.Admin(_store.Object, _clock, catalog: catalog);
        await catalog.FindVisibleAsync(Id, CancellationToken.None);

        await ProblemFrom(() => service.ArchiveAsync(Id, "etag-1", Actor, CancellationToken.None));
        await catalog.FindVisibleAsync(Id, CancellationToken.None);

        _store.Verify(s => s.FindAsync(Id, It.IsAny<CancellationToken>()), Times.Exactly(2)); // the catalog's one read and the archive's
        VerifyNeverSaved();
    }

    [Theory]
    [MemberData(nameof(CloseRefused))]
    public async Task Close_is_refused_in_any_other_state(string state)
    {
        Stored(InState(state));

        var problem = await ProblemFrom(() => Service().CloseAsync(Id, "etag-1", Actor, CancellationToken.None));

        Assert.Equal(409, problem.Status);
        Assert.Equal(Problem.TypePrefix + "invalid-state", problem.Type);
        Assert.Equal(state == "closed-early" ? "closed" : state, problem.Extensions!["campaignStatus"]);
        VerifyNeverSaved();
    }

    [Theory]
    [MemberData(nameof(ArchiveAllowed))]
    public async Task Archive_is_allowed_from_draft_closed_or_drawn(string state)
    {
        Stored(InState(state));
        SavesSucceed();

        await Service().ArchiveAsync(Id, "etag-1", Actor, CancellationToken.None);

        var save = Assert.Single(_saves);
        Assert.Equal(CampaignLifecycle.Archived, save.Campaign.Lifecycle);
        Assert.Equal(_clock.Now, save.Campaign.ArchivedAt);
        Assert.Equal("archive", save.Audit.Action);
    }

    [Theory]
    [MemberData(nameof(ArchiveRefused))]
    public async Task Archive_is_refused_while_published_open_or_already_archived(string state)
    {
        Stored(InState(state));

        var problem = await ProblemFrom(() => Service().ArchiveAsync(Id, "etag-1", Actor, CancellationToken.None));

        Assert.Equal(409, problem.Status);
        Assert.Equal(Problem.TypePrefix + "invalid-state", problem.Type);
        VerifyNeverSaved();
    }

    // ---- concurrency ----

    [Fact]
    public async Task A_command_without_If_Match_rereads_and_retries_after_an_edit_conflict()
    {
        _clock.Now = LanternFestival.Opens.AddHours(1);
        var v1 = TestCampaign.Lantern().Published().Build();
        var v2 = v1 with { Definition = v1.Definition with { Summary = "someone else's edit" } };
        _store.SetupSequence(s => s.FindAsync(Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredCampaign(v1, "etag-1"))
            .ReturnsAsync(new StoredCampaign(v2, "etag-2"));
        _store.Setup(s => s.SaveAsync(It.IsAny<Campaign>(), "etag-1", It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EditConflictException(Id));
        _store.Setup(s => s.SaveAsync(It.IsAny<Campaign>(), "etag-2", It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .Callback<Campaign, string, CampaignItemKinds, AuditEntry, CancellationToken>((c, e, k, a, _) => _saves.Add((c, e, k, a)))
            .ReturnsAsync((Campaign c, string _, CampaignItemKinds _, AuditEntry _, CancellationToken _) => new StoredCampaign(c, "etag-3"));

        var result = await Service().CloseAsync(Id, null, Actor, CancellationToken.None);

        Assert.Equal("etag-3", result.ETag);
        var save = Assert.Single(_saves);
        // The change was applied to the newer version, not the stale one: the other edit survives.
        Assert.Equal("someone else's edit", save.Campaign.Definition.Summary);
        Assert.Equal(CampaignLifecycle.ClosedEarly, save.Campaign.Lifecycle);
        _store.Verify(s => s.FindAsync(Id, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_retry_decides_again_on_the_newer_version()
    {
        // Between our read and our write, someone else archived the draft; publishing it must now be refused.
        var v1 = TestCampaign.Lantern().Build();
        var v2 = v1 with { Lifecycle = CampaignLifecycle.Archived, ArchivedAt = _clock.Now };
        _store.SetupSequence(s => s.FindAsync(Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredCampaign(v1, "etag-1"))
            .ReturnsAsync(new StoredCampaign(v2, "etag-2"));
        _store.Setup(s => s.SaveAsync(It.IsAny<Campaign>(), "etag-1", It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EditConflictException(Id));

        var problem = await ProblemFrom(() => Service().PublishAsync(Id, null, Actor, CancellationToken.None));

        Assert.Equal(409, problem.Status);
        Assert.Equal(Problem.TypePrefix + "invalid-state", problem.Type);
    }

    [Fact]
    public async Task A_command_without_If_Match_gives_up_with_412_when_conflicts_persist()
    {
        Stored(TestCampaign.Lantern().Build());
        _store.Setup(s => s.SaveAsync(It.IsAny<Campaign>(), It.IsAny<string>(), It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EditConflictException(Id));

        var problem = await ProblemFrom(() => Service().ArchiveAsync(Id, null, Actor, CancellationToken.None));

        Assert.Equal(412, problem.Status);
        // It retried, but not forever.
        _store.Verify(s => s.SaveAsync(It.IsAny<Campaign>(), It.IsAny<string>(), It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(),
            It.IsAny<CancellationToken>()), Times.Between(2, 20, Moq.Range.Inclusive));
    }

    [Fact]
    public async Task With_If_Match_an_edit_conflict_becomes_412_without_retrying()
    {
        Stored(TestCampaign.Lantern().Build(), "etag-1");
        _store.Setup(s => s.SaveAsync(It.IsAny<Campaign>(), It.IsAny<string>(), It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EditConflictException(Id));

        var problem = await ProblemFrom(() => Service().PublishAsync(Id, "etag-1", Actor, CancellationToken.None));

        Assert.Equal(412, problem.Status);
        Assert.Equal(Problem.TypePrefix + "precondition-failed", problem.Type);
        _store.Verify(s => s.SaveAsync(It.IsAny<Campaign>(), It.IsAny<string>(), It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(),
            It.IsAny<CancellationToken>()), Times.Once);
        _store.Verify(s => s.FindAsync(Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    // ---- items ----

    [Fact]
    public async Task Replace_riddles_validates_before_touching_the_store()
    {
        var riddle = TestCampaign.Lantern().Build().Riddles[0];
        var riddles = new List<RiddleDefinition> { riddle, riddle with { Answers = [] } };

        var problem = await ProblemFrom(() => Service().ReplaceRiddlesAsync(Id, riddles, "etag-1", Actor, CancellationToken.None));

        Assert.Equal(422, problem.Status);
        Assert.Equal(["riddles[1].answers", "riddles[1].id"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Replace_riddles_saves_only_the_riddles_and_records_replace_riddles()
    {
        var before = TestCampaign.Lantern().Build();
        Stored(before, "etag-1");
        SavesSucceed();
        var riddles = new List<RiddleDefinition>
        {
            new() { Id = "r9", ActivityId = "riddles", Question = "千里相逢", Hint = "打一字", Answers = ["重"] },
            new() { Id = "r10", ActivityId = "riddles", Question = "一加一", Hint = "打一字", Answers = ["王", "田"] },
        };

        await Service().ReplaceRiddlesAsync(Id, riddles, "etag-1", Actor, CancellationToken.None);

        var save = Assert.Single(_saves);
        Assert.Equal(CampaignItemKinds.Riddles, save.Kinds);
        Assert.Equal(riddles, save.Campaign.Riddles);
        Assert.Equal(before.Prizes, save.Campaign.Prizes);
        Assert.Equal(before.Definition, save.Campaign.Definition);
        Assert.Equal("replace-riddles", save.Audit.Action);
        Assert.Contains("2", save.Audit.Summary);
    }

    [Fact]
    public async Task Replace_prizes_records_replace_prizes()
    {
        Stored(TestCampaign.Lantern().Build(), "etag-1");
        SavesSucceed();

        await Service().ReplacePrizesAsync(Id, TestCampaign.Lantern().Build().Prizes, "etag-1", Actor, CancellationToken.None);

        var save = Assert.Single(_saves);
        Assert.Equal(CampaignItemKinds.Prizes, save.Kinds);
        Assert.Equal("replace-prizes", save.Audit.Action);
    }

    [Fact]
    public async Task Items_of_a_published_campaign_cannot_be_replaced()
    {
        Stored(TestCampaign.Lantern().Published().Build());

        var problem = await ProblemFrom(() => Service().ReplaceRiddlesAsync(Id, TestCampaign.Lantern().Build().Riddles, "etag-1", Actor, CancellationToken.None));

        Assert.Equal(409, problem.Status);
        VerifyNeverSaved();
    }
}
