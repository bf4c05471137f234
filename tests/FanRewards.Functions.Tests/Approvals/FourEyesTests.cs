using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Approvals;
using FanRewards.Core.Campaigns;
using FanRewards.Core.DataAccess;
using FanRewards.Core.Draws;
using FanRewards.Functions.Approvals;
using FanRewards.Functions.Campaigns;
using FanRewards.Functions.Draws;
using FanRewards.Functions.Identity;
using FanRewards.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FanRewards.Functions.Tests.Approvals;

/// <summary>
/// Four eyes over the real stores in Azurite: publishing and running a draw by hand on a campaign that asks for it take
/// one person who requests and another who approves; the requester cannot approve; two approvers racing give one
/// approval and one 409; a crash between "approved" and "done" is completed by the approver's retry, or after a grace by
/// another holder of the role (never the requester), never doubled; an edit since the request is a 412.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FourEyesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TestAdminGate Jia = TestAdminGate.As("甲", AdminRoles.Publisher, AdminRoles.DrawOperator);
    private static readonly TestAdminGate Yi = TestAdminGate.As("乙", AdminRoles.Publisher, AdminRoles.DrawOperator);
    private static readonly TestAdminGate Bing = TestAdminGate.As("丙", AdminRoles.Publisher, AdminRoles.DrawOperator);
    private static readonly TestAdminGate Ding = TestAdminGate.As("丁", AdminRoles.Publisher);
    private static readonly PublishPolicy AlwaysFourEyes = new() { AlwaysFourEyes = true };
    private DrawScenario _scenario = null!;

    public async Task InitializeAsync() => _scenario = await DrawScenario.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Publishing_takes_two_people_and_both_are_in_the_audit()
    {
        await DraftAsync("two");

        var requested = await Publish(Jia, "two");
        Assert.Equal(202, requested.Status);
        var approval = requested.Json;
        Assert.Equal(("publish", "pending", "甲", "test-甲"), (approval.GetProperty("action").GetString(), approval.GetProperty("status").GetString(),
            approval.GetProperty("requestedBy").GetProperty("name").GetString(), approval.GetProperty("requestedBy").GetProperty("id").GetString()));
        Assert.Equal(CampaignLifecycle.Draft, (await _scenario.CampaignAsync("two")).Lifecycle);
        var id = approval.GetProperty("id").GetString()!;
        Assert.Equal(id, (await Publish(Jia, "two")).Json.GetProperty("id").GetString()); // asked twice: the same request

        (await Approve(Jia, "two", id)).AssertProblem(403, "four-eyes");
        Assert.Equal(CampaignLifecycle.Draft, (await _scenario.CampaignAsync("two")).Lifecycle);
        (await Approve(TestAdminGate.As("丁", AdminRoles.DrawOperator), "two", id)).AssertProblem(403, "admin-forbidden");

        var approved = await Approve(Yi, "two", id);
        Assert.Equal(200, approved.Status);
        Assert.Equal("approved", approved.Json.GetProperty("approval").GetProperty("status").GetString());
        Assert.Equal("乙", approved.Json.GetProperty("approval").GetProperty("decidedBy").GetProperty("name").GetString());
        Assert.Equal("published", approved.Json.GetProperty("result").GetProperty("lifecycle").GetString());
        Assert.Equal(CampaignLifecycle.Published, (await _scenario.CampaignAsync("two")).Lifecycle);
        (await Approve(Bing, "two", id)).AssertProblem(409, "approval-decided");

        var audit = await _scenario.Campaigns.ListAuditAsync("two", 50, CancellationToken.None);
        Assert.Contains(audit, a => a is { Code: AuditCodes.ApprovalRequested, Actor: "甲" });
        Assert.Contains(audit, a => a is { Code: AuditCodes.ApprovalApproved, Actor: "乙" } && a.Args["requestedBy"] == "甲");
        Assert.Single(audit, a => a is { Code: AuditCodes.CampaignPublished, Actor: "乙" });

        var listed = await List(Bing, "two");
        Assert.Equal(["approved"], listed.Json.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_campaign_without_four_eyes_publishes_at_once()
    {
        await DraftAsync("solo", fourEyes: false);

        var published = await Publish(Jia, "solo");

        Assert.Equal(200, published.Status);
        Assert.Equal("published", published.Json.GetProperty("lifecycle").GetString());
        Assert.Empty((await List(Jia, "solo")).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_request_that_could_not_be_carried_out_is_refused_at_once_and_writes_no_approval()
    {
        await _scenario.Admin.CreateAsync(new CampaignDefinition { Id = "bare" }, TestAdmins.Named("test"), CancellationToken.None);

        (await Publish(Jia, "bare")).AssertProblem(422, "publish-blocked");

        Assert.Empty((await List(Jia, "bare")).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Two_approvers_racing_give_one_approval_and_one_conflict()
    {
        await DraftAsync("race");
        var id = (await Publish(Jia, "race")).Json.GetProperty("id").GetString()!;

        var both = await Task.WhenAll(Approve(Yi, "race", id), Approve(Bing, "race", id));

        Assert.Equal([200, 409], both.Select(r => r.Status).Order());
        var audit = await _scenario.Campaigns.ListAuditAsync("race", 50, CancellationToken.None);
        Assert.Single(audit, a => a.Code == AuditCodes.CampaignPublished);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_crash_between_approved_and_done_is_completed_by_the_approvers_retry_once(bool crashAfterPublishing)
    {
        await DraftAsync("crash");
        var id = (await Publish(Jia, "crash")).Json.GetProperty("id").GetString()!;
        var flaky = new CrashingCampaignStore(_scenario.Campaigns, crashAfterPublishing);

        Assert.Equal(500, (await Approve(Yi, "crash", id, Approvals(flaky))).Status);
        var stored = await new TableApprovalStore(_scenario.Tables).FindAsync("crash", id, CancellationToken.None);
        Assert.Equal((ApprovalStatus.Approved, false), (stored!.Approval.Status, stored.Approval.ActionDone));
        Assert.Equal(crashAfterPublishing, (await _scenario.CampaignAsync("crash")).Lifecycle == CampaignLifecycle.Published);

        (await Approve(Bing, "crash", id)).AssertProblem(409, "approval-decided"); // not theirs to complete
        var retried = await Approve(Yi, "crash", id);

        Assert.Equal(200, retried.Status);
        Assert.Equal(CampaignLifecycle.Published, (await _scenario.CampaignAsync("crash")).Lifecycle);
        var audit = await _scenario.Campaigns.ListAuditAsync("crash", 50, CancellationToken.None);
        Assert.Single(audit, a => a.Code == AuditCodes.CampaignPublished);
        Assert.Single(audit, a => a.Code == AuditCodes.ApprovalApproved);
        (await Approve(Yi, "crash", id)).AssertProblem(409, "approval-decided");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_crash_while_marking_the_approval_done_leaves_it_audited_once(bool afterWriting)
    {
        await DraftAsync("mark");
        var id = (await Publish(Jia, "mark")).Json.GetProperty("id").GetString()!;
        var flaky = new CrashingApprovalStore(new TableApprovalStore(_scenario.Tables), afterWriting);

        Assert.Equal(500, (await Approve(Yi, "mark", id, Approvals(approvalStore: flaky))).Status);
        var retried = await Approve(Yi, "mark", id);

        // Marked done before it died: the retry finds it decided; not yet: the retry completes it. Audited once either way.
        Assert.Equal(afterWriting ? 409 : 200, retried.Status);
        Assert.Equal(CampaignLifecycle.Published, (await _scenario.CampaignAsync("mark")).Lifecycle);
        var audit = await _scenario.Campaigns.ListAuditAsync("mark", 50, CancellationToken.None);
        Assert.Single(audit, a => a is { Code: AuditCodes.ApprovalApproved, Actor: "乙" } && a.Args["requestedBy"] == "甲");
        Assert.Single(audit, a => a.Code == AuditCodes.CampaignPublished);
    }

    [Fact]
    public async Task An_approvers_retried_draw_run_is_audited_once_even_when_retried_later()
    {
        await _scenario.PublishAsync("rerun", draws: 1, c => c.WithFourEyes());
        await _scenario.EnterAsync(await _scenario.CampaignAsync("rerun"), 5);
        _scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);
        var id = (await Run(Jia, "rerun", "evening")).Json.GetProperty("id").GetString()!;
        var flaky = new CrashingApprovalStore(new TableApprovalStore(_scenario.Tables), afterWriting: false);

        Assert.Equal(500, (await Approve(Yi, "rerun", id, Approvals(approvalStore: flaky))).Status);
        _scenario.Clock.Now = _scenario.Clock.Now.AddMinutes(2);
        Assert.Equal(200, (await Approve(Yi, "rerun", id)).Status);

        var audit = await _scenario.Campaigns.ListAuditAsync("rerun", 50, CancellationToken.None);
        Assert.Single(audit, a => a is { Code: AuditCodes.DrawRunRequested, Actor: "乙" });
    }

    [Fact]
    public async Task A_request_whose_audit_failed_is_audited_when_asked_again()
    {
        await DraftAsync("asked");
        var failing = new FailingOnceAuditLog(new TableAuditLog(_scenario.Tables), AuditCodes.ApprovalRequested);

        Assert.Equal(500, (await Publish(Jia, "asked", Approvals(audit: failing))).Status);
        var again = await Publish(Jia, "asked");
        Assert.Equal(202, (await Publish(Jia, "asked")).Status);

        Assert.Equal(202, again.Status);
        Assert.Single((await List(Jia, "asked")).Json.GetProperty("items").EnumerateArray());
        var audit = await _scenario.Campaigns.ListAuditAsync("asked", 50, CancellationToken.None);
        Assert.Single(audit, a => a is { Code: AuditCodes.ApprovalRequested, Actor: "甲" });
    }

    [Fact]
    public async Task An_approval_left_approved_but_not_done_is_completed_by_another_holder_of_the_role_after_the_grace_never_by_the_requester()
    {
        await DraftAsync("stalled");
        var id = (await Publish(Jia, "stalled")).Json.GetProperty("id").GetString()!;
        Assert.Equal(500, (await Approve(Yi, "stalled", id, Approvals(new CrashingCampaignStore(_scenario.Campaigns, afterWriting: false)))).Status);

        // Within the grace the approver's call may still be running: another approver gets a 409, not a second action.
        _scenario.Clock.Now += ApprovalService.CompletionGrace - TimeSpan.FromSeconds(1);
        (await Approve(Bing, "stalled", id)).AssertProblem(409, "approval-decided");
        _scenario.Clock.Now += TimeSpan.FromSeconds(1);
        (await Approve(Jia, "stalled", id)).AssertProblem(403, "four-eyes"); // the requester never completes their own request
        (await Approve(TestAdminGate.As("丁", AdminRoles.DrawOperator), "stalled", id)).AssertProblem(403, "admin-forbidden");
        Assert.Equal(CampaignLifecycle.Draft, (await _scenario.CampaignAsync("stalled")).Lifecycle);

        var completed = await Approve(Bing, "stalled", id);

        Assert.Equal(200, completed.Status);
        Assert.Equal(("approved", "乙"), (completed.Json.GetProperty("approval").GetProperty("status").GetString(),
            completed.Json.GetProperty("approval").GetProperty("decidedBy").GetProperty("name").GetString()));
        Assert.Equal(CampaignLifecycle.Published, (await _scenario.CampaignAsync("stalled")).Lifecycle);
        var audit = await _scenario.Campaigns.ListAuditAsync("stalled", 50, CancellationToken.None);
        var completion = Assert.Single(audit, a => a.Code == AuditCodes.ApprovalCompleted);
        Assert.Equal(("丙", "乙", "test-乙", "甲"), (completion.Actor, completion.Args["approvedBy"], completion.Args["approvedById"], completion.Args["requestedBy"]));
        Assert.DoesNotContain(audit, a => a.Code == AuditCodes.ApprovalApproved);
        Assert.Single(audit, a => a is { Code: AuditCodes.CampaignPublished, Actor: "丙" });
        (await Approve(Yi, "stalled", id)).AssertProblem(409, "approval-decided"); // done: nothing left to complete
    }

    [Fact]
    public async Task Approving_after_the_campaign_changed_since_the_request_is_412_and_leaves_the_request_pending()
    {
        await DraftAsync("edited");
        var id = (await Publish(Jia, "edited")).Json.GetProperty("id").GetString()!;
        var campaign = TestCampaign.Riddle("edited", DrawScenario.Start.AddHours(1), riddles: 2);
        await _scenario.Admin.ReplaceRiddlesAsync("edited", campaign.Build().Riddles, null, TestAdmins.Named("编辑"), CancellationToken.None);

        (await Approve(Yi, "edited", id)).AssertProblem(412, "precondition-failed");

        Assert.Equal(CampaignLifecycle.Draft, (await _scenario.CampaignAsync("edited")).Lifecycle);
        var listed = (await List(Bing, "edited")).Json.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("pending", listed.GetProperty("status").GetString());
        Assert.DoesNotContain(await _scenario.Campaigns.ListAuditAsync("edited", 50, CancellationToken.None), a => a.Code == AuditCodes.ApprovalApproved);
    }

    [Fact]
    public async Task Cancelling_a_decided_request_is_409_and_two_racing_cancels_give_one_cancellation_and_one_409()
    {
        await DraftAsync("undo");
        var approved = (await Publish(Jia, "undo")).Json.GetProperty("id").GetString()!;
        Assert.Equal(200, (await Approve(Yi, "undo", approved)).Status);
        (await Cancel(Jia, "undo", approved)).AssertProblem(409, "approval-decided");

        await DraftAsync("undo-race");
        var pending = (await Publish(Jia, "undo-race")).Json.GetProperty("id").GetString()!;
        var both = await Task.WhenAll(Cancel(Jia, "undo-race", pending), Cancel(Bing, "undo-race", pending));

        Assert.Equal([200, 409], both.Select(r => r.Status).Order());
        Assert.Single(await _scenario.Campaigns.ListAuditAsync("undo-race", 50, CancellationToken.None), a => a.Code == AuditCodes.ApprovalCancelled);
        (await Cancel(TestAdminGate.As("丁", AdminRoles.DrawOperator), "undo-race", pending)).AssertProblem(403, "admin-forbidden");
    }

    [Fact]
    public async Task A_cancel_whose_audit_failed_is_audited_once_when_the_same_person_retries_and_anyone_else_still_gets_a_409()
    {
        await DraftAsync("undo-crash");
        var id = (await Publish(Jia, "undo-crash")).Json.GetProperty("id").GetString()!;
        var failing = new FailingOnceAuditLog(new TableAuditLog(_scenario.Tables), AuditCodes.ApprovalCancelled);

        Assert.Equal(500, (await Cancel(Jia, "undo-crash", id, Approvals(audit: failing))).Status);
        var retried = await Cancel(Jia, "undo-crash", id);
        var again = await Cancel(Jia, "undo-crash", id);

        Assert.Equal((200, 200), (retried.Status, again.Status));
        Assert.Equal("cancelled", retried.Json.GetProperty("status").GetString());
        Assert.Single(await _scenario.Campaigns.ListAuditAsync("undo-crash", 50, CancellationToken.None), a => a is { Code: AuditCodes.ApprovalCancelled, Actor: "甲" });
        (await Cancel(Bing, "undo-crash", id)).AssertProblem(409, "approval-decided");
    }

    [Fact]
    public async Task Running_a_draw_by_hand_takes_two_people()
    {
        await _scenario.PublishAsync("run", draws: 1, c => c.WithFourEyes());
        await _scenario.EnterAsync(await _scenario.CampaignAsync("run"), 5);
        _scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1); // closed at 20:00; no timer runs it here

        var requested = await Run(Jia, "run", "evening");
        Assert.Equal(202, requested.Status);
        Assert.Equal(("run-draw", "evening"), (requested.Json.GetProperty("action").GetString(), requested.Json.GetProperty("drawId").GetString()));
        Assert.Empty(_scenario.Queue.Pending);
        var id = requested.Json.GetProperty("id").GetString()!;

        (await Approve(Jia, "run", id)).AssertProblem(403, "four-eyes");
        var approved = await Approve(Yi, "run", id);

        Assert.Equal(200, approved.Status);
        Assert.Equal("evening", approved.Json.GetProperty("result").GetProperty("drawId").GetString());
        Assert.Contains(_scenario.Queue.Pending, p => p.Step.StartedBy == "manual:乙");
        await _scenario.Queue.DeliverAllAsync(_scenario.Service);
        Assert.Equal("drawn", (await _scenario.ProofAsync("run", "evening")).State);
    }

    [Fact]
    public async Task A_pending_request_can_be_cancelled_and_is_then_decided()
    {
        await DraftAsync("cancel");
        var id = (await Publish(Jia, "cancel")).Json.GetProperty("id").GetString()!;

        var cancelled = await Functions(Jia).CancelApproval(HttpTestContext.Request("POST"), "cancel", id);
        var response = await HttpTestContext.Execute(HttpTestContext.Request("POST"), cancelled);

        Assert.Equal("cancelled", response.Json.GetProperty("status").GetString());
        (await Approve(Yi, "cancel", id)).AssertProblem(409, "approval-decided");
        Assert.Equal(CampaignLifecycle.Draft, (await _scenario.CampaignAsync("cancel")).Lifecycle);
    }

    [Fact]
    public async Task Many_simultaneous_requests_to_publish_one_version_leave_one_pending_approval_audited_once_and_a_new_one_after_a_cancel()
    {
        await DraftAsync("many");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Publish(Jia, "many")));

        Assert.All(answers, a => Assert.Equal(202, a.Status));
        var first = Assert.Single(answers.Select(a => a.Json.GetProperty("id").GetString()).Distinct());
        // Someone else asking for the same gets the same request back (and may approve it).
        Assert.Equal(first, (await Publish(Yi, "many")).Json.GetProperty("id").GetString());
        Assert.Single((await List(Jia, "many")).Json.GetProperty("items").EnumerateArray());
        Assert.Single(await _scenario.Campaigns.ListAuditAsync("many", 50, CancellationToken.None), a => a.Code == AuditCodes.ApprovalRequested);

        // Decided (here cancelled): asking again makes one new request, however many ask at once.
        Assert.Equal(200, (await Cancel(Jia, "many", first!)).Status);
        var again = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Publish(Jia, "many")));

        var second = Assert.Single(again.Select(a => a.Json.GetProperty("id").GetString()).Distinct());
        Assert.NotEqual(first, second);
        Assert.Equal(["cancelled", "pending"], (await List(Jia, "many")).Json.GetProperty("items").EnumerateArray()
            .Select(a => a.GetProperty("status").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await _scenario.Campaigns.ListAuditAsync("many", 50, CancellationToken.None)).Count(a => a.Code == AuditCodes.ApprovalRequested));
    }

    [Fact]
    public async Task Many_simultaneous_requests_to_run_one_draw_leave_one_pending_approval()
    {
        await _scenario.PublishAsync("runs", draws: 1, c => c.WithFourEyes());
        await _scenario.EnterAsync(await _scenario.CampaignAsync("runs"), 5);
        _scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Run(Jia, "runs", "evening")));

        Assert.All(answers, a => Assert.Equal(202, a.Status));
        var id = Assert.Single(answers.Select(a => a.Json.GetProperty("id").GetString()).Distinct());
        Assert.Equal(id, (await Run(Yi, "runs", "evening")).Json.GetProperty("id").GetString());
        Assert.Single((await List(Jia, "runs")).Json.GetProperty("items").EnumerateArray());
        Assert.Empty(_scenario.Queue.Pending);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_completion_is_audited_once_when_its_completer_retries_or_another_holder_completes_it_again(bool sameCompleter)
    {
        await DraftAsync("complete");
        var id = (await Publish(Jia, "complete")).Json.GetProperty("id").GetString()!;
        Assert.Equal(500, (await Approve(Yi, "complete", id, Approvals(new CrashingCampaignStore(_scenario.Campaigns, afterWriting: false)))).Status);
        _scenario.Clock.Now += ApprovalService.CompletionGrace;
        // The first completer publishes and audits, then dies before marking the approval done.
        var dying = Approvals(approvalStore: new CrashingApprovalStore(new TableApprovalStore(_scenario.Tables), afterWriting: false));
        Assert.Equal(500, (await Approve(Bing, "complete", id, dying)).Status);
        Assert.Equal(CampaignLifecycle.Published, (await _scenario.CampaignAsync("complete")).Lifecycle);
        _scenario.Clock.Now += TimeSpan.FromMinutes(1);

        var completed = await Approve(sameCompleter ? Bing : Ding, "complete", id);

        Assert.Equal(200, completed.Status);
        var audit = await _scenario.Campaigns.ListAuditAsync("complete", 50, CancellationToken.None);
        var completion = Assert.Single(audit, a => a.Code == AuditCodes.ApprovalCompleted);
        Assert.Equal((sameCompleter ? "丙" : "丁", "乙"), (completion.Actor, completion.Args["approvedBy"]));
        Assert.Single(audit, a => a.Code == AuditCodes.CampaignPublished);
        (await Approve(Ding, "complete", id)).AssertProblem(409, "approval-decided");
    }

    [Fact]
    public async Task Where_the_tenant_always_asks_for_four_eyes_a_campaign_that_opted_out_still_takes_a_second_person()
    {
        await DraftAsync("opted-out", fourEyes: false); // saved before the setting was turned on
        var always = Approvals(policy: AlwaysFourEyes);

        var requested = await Publish(Jia, "opted-out", always);

        Assert.Equal(202, requested.Status);
        Assert.Equal(CampaignLifecycle.Draft, (await _scenario.CampaignAsync("opted-out")).Lifecycle);
        var id = requested.Json.GetProperty("id").GetString()!;
        (await Approve(Jia, "opted-out", id, always)).AssertProblem(403, "four-eyes");
        Assert.Equal(200, (await Approve(Yi, "opted-out", id, always)).Status);
        Assert.Equal(CampaignLifecycle.Published, (await _scenario.CampaignAsync("opted-out")).Lifecycle);

        await _scenario.PublishAsync("opted-out-run", draws: 1); // the test campaign's fourEyes is false
        await _scenario.EnterAsync(await _scenario.CampaignAsync("opted-out-run"), 5);
        _scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);
        Assert.Equal("run-draw", (await Run(Jia, "opted-out-run", "evening", always)).Json.GetProperty("action").GetString());
        Assert.Empty(_scenario.Queue.Pending);
    }

    [Fact]
    public async Task Where_the_tenant_always_asks_for_four_eyes_a_draft_cannot_switch_it_off_but_may_say_it_on()
    {
        var campaign = TestCampaign.Riddle("switch", DrawScenario.Start.AddHours(1), riddles: 1);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => AdminOf(AlwaysFourEyes).CreateAsync(
            campaign.WithFourEyes(false).BuildDefinition(), TestAdmins.Named("编辑"), CancellationToken.None));

        Assert.Equal((422, "four-eyes-required"), (refused.Problem.Status, Assert.Single(refused.Problem.ErrorCodes!["fourEyes"]).Code));
        Assert.Null(await _scenario.Campaigns.FindAsync("switch", CancellationToken.None));
        await AdminOf(AlwaysFourEyes).CreateAsync(campaign.WithFourEyes().BuildDefinition(), TestAdmins.Named("编辑"), CancellationToken.None);
        Assert.NotNull(await _scenario.Campaigns.FindAsync("switch", CancellationToken.None));
    }

    private async Task DraftAsync(string id, bool fourEyes = true)
    {
        var campaign = TestCampaign.Riddle(id, DrawScenario.Start.AddHours(1), riddles: 1).WithFourEyes(fourEyes);
        await _scenario.Admin.CreateAsync(campaign.BuildDefinition(), TestAdmins.Named("test"), CancellationToken.None);
        await _scenario.Admin.ReplaceRiddlesAsync(id, campaign.Build().Riddles, null, TestAdmins.Named("test"), CancellationToken.None);
        if (campaign.Build().Prizes.Count > 0) await _scenario.Admin.ReplacePrizesAsync(id, campaign.Build().Prizes, null, TestAdmins.Named("test"), CancellationToken.None);
    }

    private ApprovalService Approvals(ICampaignStore? campaigns = null, IApprovalStore? approvalStore = null, IAuditLog? audit = null,
        PublishPolicy? policy = null)
    {
        var admin = campaigns is null && policy is null ? _scenario.Admin : AdminOf(policy ?? new PublishPolicy(), campaigns);
        return new ApprovalService(approvalStore ?? new TableApprovalStore(_scenario.Tables), admin, _scenario.Service, _scenario.Queries,
            audit ?? new TableAuditLog(_scenario.Tables), _scenario.Clock);
    }

    private CampaignAdminService AdminOf(PublishPolicy policy, ICampaignStore? campaigns = null) =>
        new(campaigns ?? _scenario.Campaigns, CatalogOf(), _scenario.Clock, policy, [new DrawPublication(_scenario.Draws)]);

    private ApprovalFunctions Functions(IAdminGate gate, ApprovalService? approvals = null) => new(approvals ?? Approvals(),
        new PersonalDataAccess(new TableDataAccessLog(_scenario.Tables), _scenario.Clock), _scenario.Admin, gate, NullLogger<ApprovalFunctions>.Instance);

    private async Task<TestResponse> Publish(IAdminGate gate, string campaignId, ApprovalService? approvals = null)
    {
        var functions = new AdminCampaignFunctions(_scenario.Admin, approvals ?? Approvals(), gate, _scenario.Clock, NullLogger<AdminCampaignFunctions>.Instance);
        var request = HttpTestContext.Request("POST");
        return await HttpTestContext.Execute(request, await functions.PublishCampaign(request, campaignId));
    }

    private async Task<TestResponse> Run(IAdminGate gate, string campaignId, string drawId, ApprovalService? approvals = null)
    {
        var functions = new DrawFunctions(_scenario.Service, _scenario.Queries, _scenario.Results, CatalogOf(), approvals ?? Approvals(),
            new PersonalDataAccess(new TableDataAccessLog(_scenario.Tables), _scenario.Clock), gate, NullLogger<DrawFunctions>.Instance);
        var request = HttpTestContext.Request("POST");
        return await HttpTestContext.Execute(request, await functions.RunDraw(request, campaignId, drawId));
    }

    private PublicCampaignCatalog CatalogOf() =>
        new(new CachingCampaignStore(_scenario.Campaigns, _scenario.Clock, new CampaignCacheOptions()), _scenario.Clock);

    private async Task<TestResponse> Approve(IAdminGate gate, string campaignId, string approvalId, ApprovalService? approvals = null)
    {
        var request = HttpTestContext.Request("POST");
        return await HttpTestContext.Execute(request, await Functions(gate, approvals).ApproveRequest(request, campaignId, approvalId));
    }

    private async Task<TestResponse> Cancel(IAdminGate gate, string campaignId, string approvalId, ApprovalService? approvals = null)
    {
        var request = HttpTestContext.Request("POST");
        return await HttpTestContext.Execute(request, await Functions(gate, approvals).CancelApproval(request, campaignId, approvalId));
    }

    private async Task<TestResponse> List(IAdminGate gate, string campaignId)
    {
        var request = HttpTestContext.Request("GET");
        return await HttpTestContext.Execute(request, await Functions(gate).ListApprovals(request, campaignId));
    }

    /// <summary>The campaign store of a process that dies while publishing: before its write lands, or right after.</summary>
    private sealed class CrashingCampaignStore(ICampaignStore inner, bool afterWriting) : ICampaignStore
    {
        public Task<StoredCampaign?> FindAsync(string campaignId, CancellationToken ct) => inner.FindAsync(campaignId, ct);
        public Task<IReadOnlyList<StoredCampaign>> ListAsync(CancellationToken ct) => inner.ListAsync(ct);
        public Task<StoredCampaign> CreateAsync(Campaign campaign, AuditEntry audit, CancellationToken ct) => inner.CreateAsync(campaign, audit, ct);
        public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string campaignId, int max, CancellationToken ct) => inner.ListAuditAsync(campaignId, max, ct);

        public async Task<StoredCampaign> SaveAsync(Campaign campaign, string etag, CampaignItemKinds changedItems, AuditEntry audit, CancellationToken ct)
        {
            if (afterWriting) await inner.SaveAsync(campaign, etag, changedItems, audit, ct);
            throw new IOException("The process died while publishing.");
        }
    }

    /// <summary>The approval store of a process that dies while marking an approval done: before that write lands, or right after.</summary>
    private sealed class CrashingApprovalStore(IApprovalStore inner, bool afterWriting) : IApprovalStore
    {
        public Task<bool> TryAddAsync(Approval approval, CancellationToken ct) => inner.TryAddAsync(approval, ct);
        public Task<StoredApproval?> FindAsync(string campaignId, string approvalId, CancellationToken ct) => inner.FindAsync(campaignId, approvalId, ct);
        public Task<IReadOnlyList<Approval>> ListAsync(string campaignId, CancellationToken ct) => inner.ListAsync(campaignId, ct);

        public async Task<string?> TryReplaceAsync(Approval approval, string etag, CancellationToken ct)
        {
            if (!approval.ActionDone) return await inner.TryReplaceAsync(approval, etag, ct);
            if (afterWriting) await inner.TryReplaceAsync(approval, etag, ct);
            throw new IOException("The process died while marking the approval done.");
        }
    }

    /// <summary>An audit log whose first write of one code fails, as a process dying right before it would.</summary>
    private sealed class FailingOnceAuditLog(IAuditLog inner, string code) : IAuditLog
    {
        private int _failed;

        public Task WriteAsync(AuditEntry entry, string key, CancellationToken ct) =>
            entry.Code == code && Interlocked.Exchange(ref _failed, 1) == 0
                ? throw new IOException("The process died before auditing.")
                : inner.WriteAsync(entry, key, ct);
    }
}
