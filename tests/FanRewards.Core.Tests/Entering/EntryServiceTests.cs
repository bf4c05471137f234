using FanRewards.Core.Campaigns;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using Moq;
using static FanRewards.Core.Tests.Support.TestStores;
using static FanRewards.Testing.TestCampaign;

namespace FanRewards.Core.Tests.Entering;

public class EntryServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly ManualClock _clock = new(LanternFestival.Opens.AddHours(2));
    private readonly InMemoryEntries _entries = new();
    private readonly Mock<ISeatStore> _seats = new(MockBehavior.Strict);
    private readonly Entrant _zhang = new("wx_Zhang.01@union", IsMember: false);
    private readonly EntryPolicy _policy = new() { SensitiveWords = ["赌博", "Spam"] };
    private Campaign _campaign = EveryKind().Build();

    private EntryService Service()
    {
        var campaigns = StoreWith(_campaign).Object;
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(campaigns, _clock, new CampaignCacheOptions()), _clock);
        return new(catalog, _entries.Mock.Object, _seats.Object, _clock, _policy, TestServices.NoSpotPrizes(_clock),
            TestServices.UnflushedFigures(catalog, campaigns, _clock), TestServices.UnflushedWatch());
    }

    private string ZhangPseudonym => _campaign.PseudonymOf(_zhang.Id);
    private int ZhangBucket => Pseudonym.BucketOf(ZhangPseudonym, EveryKind().Build().EntryBuckets);
    private EntryRecord Row(string rowKey) => _entries.Rows[(ZhangBucket, rowKey)];

    /// <summary>An answer's time as riddle progress stores it: Unix milliseconds.</summary>
    private static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void SeatsGive(int? seat) =>
        _seats.Setup(s => s.TryClaimAsync(CampaignId, "museum-day", 2, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(seat);

    /// <summary>Every way an entrant enters, with valid input.</summary>
    public static TheoryData<string> EntryKinds => ["riddle", "like", "message", "signup", "checkin"];

    private Task Enter(EntryService service, string kind, Entrant? entrant = null)
    {
        entrant ??= _zhang;
        return kind switch
        {
            "riddle" => service.AnswerRiddleAsync(CampaignId, "r1", entrant, "告", Ct),
            "like" => service.LikeAsync(CampaignId, "c1", entrant, Ct),
            "message" => service.LeaveMessageAsync(CampaignId, "messages", entrant, "元宵快乐", Ct),
            "signup" => service.SignUpAsync(CampaignId, "museum-day", entrant, new Dictionary<string, string> { ["size"] = "m" }, Ct),
            _ => service.CheckInAsync(CampaignId, "steps", entrant, 8000, Ct),
        };
    }

    // ---- campaign state and access ----

    [Theory]
    [MemberData(nameof(EntryKinds))]
    public async Task Before_opening_every_entry_is_refused_as_not_open_with_the_window(string kind)
    {
        _clock.Now = LanternFestival.BeforeAll;

        var problem = await ProblemFrom(() => Enter(Service(), kind));

        Assert.Equal(409, problem.Status);
        Assert.Equal(Problem.TypePrefix + "campaign-not-open", problem.Type);
        Assert.Equal("published", problem.Extensions!["campaignStatus"]);
        Assert.Equal("2027-02-12T08:00:00+08:00", problem.Extensions["opensAt"]);
        Assert.Equal("2027-02-20T18:00:00+08:00", problem.Extensions["closesAt"]);
        Assert.Contains("2027-02-12T08:00:00+08:00", problem.Detail);
        _entries.VerifyNoWrites();
    }

    [Theory]
    [MemberData(nameof(EntryKinds))]
    public async Task At_and_after_closing_every_entry_is_refused_as_closed(string kind)
    {
        _clock.Now = LanternFestival.Closes;

        var problem = await ProblemFrom(() => Enter(Service(), kind));

        Assert.Equal(409, problem.Status);
        Assert.Equal(Problem.TypePrefix + "campaign-not-open", problem.Type);
        Assert.Equal("closed", problem.Extensions!["campaignStatus"]);
        Assert.Equal("2027-02-20T18:00:00+08:00", problem.Extensions["closesAt"]);
        _entries.VerifyNoWrites();
    }

    [Fact]
    public async Task A_campaign_closed_early_reports_the_early_closing_time()
    {
        _campaign = EveryKind().Build() with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = LanternFestival.Opens.AddHours(1) };

        var problem = await ProblemFrom(() => Enter(Service(), "like"));

        Assert.Equal("closed", problem.Extensions!["campaignStatus"]);
        Assert.Equal("2027-02-12T09:00:00+08:00", problem.Extensions["closesAt"]);
    }

    [Fact]
    public async Task A_drawn_campaign_takes_no_entries()
    {
        _campaign = EveryKind().Build() with { Lifecycle = CampaignLifecycle.Drawn };

        var problem = await ProblemFrom(() => Enter(Service(), "riddle"));

        Assert.Equal(409, problem.Status);
        Assert.Equal("drawn", problem.Extensions!["campaignStatus"]);
    }

    [Theory]
    [MemberData(nameof(EntryKinds))]
    public async Task A_draft_takes_no_entries_and_does_not_reveal_that_it_exists(string kind)
    {
        // The public catalog hides drafts, so entering one is a 404, never a 409 that names its status.
        _campaign = EveryKind().Build() with { Lifecycle = CampaignLifecycle.Draft, PublishedAt = null };

        var problem = await ProblemFrom(() => Enter(Service(), kind));

        Assert.Equal(404, problem.Status);
        Assert.Equal(Problem.TypePrefix + "not-found", problem.Type);
        _entries.VerifyNoWrites();
    }

    [Theory]
    [MemberData(nameof(EntryKinds))]
    public async Task A_members_only_campaign_refuses_a_non_member(string kind)
    {
        _campaign = EveryKind().MembersOnly().Build();

        var problem = await ProblemFrom(() => Enter(Service(), kind));

        Assert.Equal(403, problem.Status);
        Assert.Equal(Problem.TypePrefix + "members-only", problem.Type);
        _entries.VerifyNoWrites();
    }

    [Fact]
    public async Task A_members_only_campaign_accepts_a_member()
    {
        _campaign = EveryKind().MembersOnly().Build();

        var result = await Service().LikeAsync(CampaignId, "c1", _zhang with { IsMember = true }, Ct);

        Assert.True(result.Counted);
    }

    [Fact]
    public async Task An_unknown_campaign_is_404() =>
        Assert.Equal(404, (await ProblemFrom(() => Service().LikeAsync("no-such-campaign", "c1", _zhang, Ct))).Status);

    [Fact]
    public async Task Unknown_riddle_candidate_or_activity_is_404_and_writes_nothing()
    {
        var service = Service();
        var problems = new[]
        {
            await ProblemFrom(() => service.AnswerRiddleAsync(CampaignId, "r9", _zhang, "告", Ct)),
            await ProblemFrom(() => service.LikeAsync(CampaignId, "c9", _zhang, Ct)),
            await ProblemFrom(() => service.LeaveMessageAsync(CampaignId, "nope", _zhang, "你好", Ct)),
            await ProblemFrom(() => service.SignUpAsync(CampaignId, "nope", _zhang, new Dictionary<string, string> { ["size"] = "m" }, Ct)),
            await ProblemFrom(() => service.CheckInAsync(CampaignId, "nope", _zhang, 100, Ct)),
        };

        Assert.All(problems, p => Assert.Equal((404, Problem.TypePrefix + "not-found"), (p.Status, p.Type)));
        Assert.Contains("r9", problems[0].Detail);
        Assert.Contains("c9", problems[1].Detail);
        _entries.VerifyNoWrites();
    }

    [Fact]
    public async Task An_activity_of_the_wrong_kind_is_409_wrong_activity()
    {
        var service = Service();
        var problems = new[]
        {
            await ProblemFrom(() => service.LeaveMessageAsync(CampaignId, "steps", _zhang, "你好", Ct)),
            await ProblemFrom(() => service.SignUpAsync(CampaignId, "messages", _zhang, null, Ct)),
            await ProblemFrom(() => service.CheckInAsync(CampaignId, "likes", _zhang, 100, Ct)),
            await ProblemFrom(() => service.CheckInAsync(CampaignId, "riddles", _zhang, 100, Ct)),
        };

        Assert.All(problems, p => Assert.Equal((409, Problem.TypePrefix + "wrong-activity"), (p.Status, p.Type)));
        _entries.VerifyNoWrites();
    }

    [Fact]
    public async Task A_reflection_activity_takes_messages()
    {
        _campaign = EveryKind().ChangeActivity("messages", a => a with { Kind = ActivityKind.Reflection, Moderated = false }).Build();

        var result = await Service().LeaveMessageAsync(CampaignId, "messages", _zhang, "收获很多", Ct);

        Assert.Equal(EntryStatus.Approved, result.Status);
        Assert.Equal(ActivityKind.Reflection, Row("messages:" + ZhangPseudonym).Kind);
    }

    // ---- riddles ----

    [Fact]
    public async Task A_wrong_then_a_right_answer_are_reported_and_stored_in_one_row()
    {
        var service = Service();
        var key = "riddles:" + ZhangPseudonym;

        var wrong = await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct);
        Assert.Equal(new RiddleAnswerResult(false, 2, 0, 2), wrong);
        Assert.Equal($"r1=1@{Ms(_clock.Now)}", Row(key).Progress); // attempts, and when the latest answer was given
        Assert.Equal((1, 0L), (Row(key).Weight, Row(key).Value));
        _clock.Advance(TimeSpan.FromSeconds(5));

        var right = await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "《告》。", Ct);
        Assert.Equal(new RiddleAnswerResult(true, 0, 1, 2), right);
        var row = Row(key);
        Assert.Equal($"r1=2+@{Ms(_clock.Now)}", row.Progress);
        Assert.Equal((1, 1L), (row.Weight, row.Value));
        Assert.Equal(ActivityKind.Riddle, row.Kind);
        Assert.Equal(ZhangPseudonym, row.Pseudonym);
        Assert.Equal(_zhang.Id, row.EntrantId);
        Assert.Equal(LanternFestival.Opens.AddHours(2), row.AcceptedAt);

        var solvedFirst = _clock.Now;
        _clock.Advance(TimeSpan.FromSeconds(5));
        var second = await service.AnswerRiddleAsync(CampaignId, "r2", _zhang, "華", Ct);
        Assert.Equal(new RiddleAnswerResult(true, 0, 2, 2), second);
        Assert.Equal($"r1=2+@{Ms(solvedFirst)};r2=1+@{Ms(_clock.Now)}", Row(key).Progress);
        Assert.Equal((2, 2L), (Row(key).Weight, Row(key).Value));
        Assert.Single(_entries.Rows);
    }

    [Fact]
    public async Task The_row_keeps_the_time_of_the_first_answer()
    {
        var service = Service();
        await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct);
        var first = _clock.Now;
        _clock.Advance(TimeSpan.FromMinutes(3));

        await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct);

        Assert.Equal(first, Row("riddles:" + ZhangPseudonym).AcceptedAt);
    }

    [Fact]
    public async Task Answering_a_solved_riddle_again_returns_the_same_result_and_writes_nothing()
    {
        var service = Service();
        var first = await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct);
        var stored = Row("riddles:" + ZhangPseudonym);
        _entries.Mock.Invocations.Clear();

        var again = await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "完全不对", Ct);

        Assert.Equal(first, again);
        Assert.True(again.Correct);
        _entries.VerifyNoWrites();
        Assert.Equal(stored, Row("riddles:" + ZhangPseudonym));
    }

    [Fact]
    public async Task After_three_wrong_answers_the_fourth_is_409_attempts_exhausted_and_writes_nothing()
    {
        var service = Service();
        var results = new List<RiddleAnswerResult>();
        for (var i = 0; i < 3; i++) results.Add(await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct));
        Assert.Equal([2, 1, 0], results.Select(r => r.AttemptsLeft));
        _entries.Mock.Invocations.Clear();

        var problem = await ProblemFrom(() => service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct));

        Assert.Equal(409, problem.Status);
        Assert.Equal(Problem.TypePrefix + "attempts-exhausted", problem.Type);
        Assert.Equal(0, problem.Extensions!["attemptsLeft"]);
        _entries.VerifyNoWrites();
        Assert.Equal($"r1=3@{Ms(_clock.Now)}", Row("riddles:" + ZhangPseudonym).Progress);
        // Other riddles of the activity still have their own attempts.
        Assert.True((await service.AnswerRiddleAsync(CampaignId, "r2", _zhang, "华", Ct)).Correct);
    }

    [Fact]
    public async Task When_a_concurrent_answer_wins_the_write_the_service_rereads_and_applies_its_answer_on_top()
    {
        var key = (ZhangBucket, "riddles:" + ZhangPseudonym);
        await Service().AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct); // stored: r1=1
        var raced = false;
        _entries.Mock.Setup(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()))
            .Returns((EntryRecord entry, CancellationToken _) =>
            {
                if (!raced)
                {
                    // Another request of the same entrant solved r2 between our read and our write.
                    raced = true;
                    _entries.Rows[key] = _entries.Rows[key] with { Progress = $"r1=1@{Ms(_clock.Now)};r2=1+@{Ms(_clock.Now)}", Value = 1, ETag = _entries.NextETag() };
                    return Task.FromResult<string?>(null);
                }
                return Task.FromResult(_entries.Replace(entry));
            });
        _entries.Mock.Invocations.Clear();

        var result = await Service().AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct);

        Assert.Equal(new RiddleAnswerResult(true, 0, 2, 2), result);
        Assert.Equal($"r1=2+@{Ms(_clock.Now)};r2=1+@{Ms(_clock.Now)}", _entries.Rows[key].Progress);
        Assert.Equal((2, 2L), (_entries.Rows[key].Weight, _entries.Rows[key].Value));
        _entries.Mock.Verify(s => s.FindAsync(CampaignId, ZhangBucket, "riddles:" + ZhangPseudonym, It.IsAny<CancellationToken>()), Times.Exactly(2));
        _entries.Mock.Verify(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task When_a_concurrent_first_answer_wins_the_insert_the_service_retries_as_a_replace()
    {
        var key = (ZhangBucket, "riddles:" + ZhangPseudonym);
        var raced = false;
        _entries.Mock.Setup(s => s.TryInsertAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()))
            .Returns((EntryRecord entry, CancellationToken _) =>
            {
                if (raced) return Task.FromResult(_entries.Insert(entry));
                raced = true;
                _entries.Insert(entry with { Progress = $"r2=1@{Ms(_clock.Now)}" });
                return Task.FromResult<string?>(null);
            });

        var result = await Service().AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct);

        Assert.Equal(new RiddleAnswerResult(true, 0, 1, 2), result);
        Assert.Equal($"r1=1+@{Ms(_clock.Now)};r2=1@{Ms(_clock.Now)}", _entries.Rows[key].Progress);
    }

    [Fact]
    public async Task When_every_write_loses_the_race_the_answer_is_409_busy_not_a_loop()
    {
        await Service().AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct);
        _entries.Mock.Setup(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);

        var problem = await ProblemFrom(() => Service().AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct));

        Assert.Equal((409, Problem.TypePrefix + "busy"), (problem.Status, problem.Type));
    }

    // ---- likes ----

    [Fact]
    public async Task A_like_is_keyed_by_the_campaigns_local_day()
    {
        _clock.Now = new DateTimeOffset(2027, 2, 19, 16, 30, 0, TimeSpan.Zero); // 2027-02-20 00:30 in Shanghai

        var result = await Service().LikeAsync(CampaignId, "c1", _zhang, Ct);

        Assert.Equal(new LikeResult("c1", true, "2027-02-20"), result);
        var row = Row($"likes:{ZhangPseudonym}:2027-02-20:c1");
        Assert.Equal("2027-02-20", row.Day);
        Assert.Equal("c1", row.CandidateId);
        Assert.Equal(ActivityKind.Like, row.Kind);
        Assert.Equal(ZhangBucket, row.Bucket);
    }

    [Fact]
    public async Task A_second_like_the_same_local_day_is_not_counted_and_is_not_an_error()
    {
        _clock.Now = new DateTimeOffset(2027, 2, 19, 16, 30, 0, TimeSpan.Zero);
        var service = Service();
        await service.LikeAsync(CampaignId, "c1", _zhang, Ct);
        _clock.Now = new DateTimeOffset(2027, 2, 20, 9, 0, 0, TimeSpan.Zero); // 17:00 the same local day

        var again = await service.LikeAsync(CampaignId, "c1", _zhang, Ct);

        Assert.Equal(new LikeResult("c1", false, "2027-02-20"), again);
        Assert.Single(_entries.Rows);
    }

    [Fact]
    public async Task A_duplicate_insert_answers_counted_false()
    {
        _entries.Mock.Setup(s => s.TryInsertAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);

        var result = await Service().LikeAsync(CampaignId, "c2", _zhang, Ct);

        Assert.False(result.Counted);
    }

    [Fact]
    public async Task Likes_count_again_on_the_next_local_day_and_for_other_candidates()
    {
        _clock.Now = new DateTimeOffset(2027, 2, 19, 15, 30, 0, TimeSpan.Zero); // 23:30 on the 19th locally
        var service = Service();
        Assert.Equal("2027-02-19", (await service.LikeAsync(CampaignId, "c1", _zhang, Ct)).Day);
        Assert.True((await service.LikeAsync(CampaignId, "c2", _zhang, Ct)).Counted);

        _clock.Advance(TimeSpan.FromHours(1)); // 00:30 on the 20th locally, still the 19th in UTC
        var next = await service.LikeAsync(CampaignId, "c1", _zhang, Ct);

        Assert.Equal(new LikeResult("c1", true, "2027-02-20"), next);
        Assert.Equal(3, _entries.Rows.Count);
    }

    [Fact]
    public async Task Likes_per_campaign_are_keyed_without_a_day()
    {
        _campaign = EveryKind().ChangeActivity("likes", a => a with { LikesPer = "campaign" }).Build();
        var service = Service();

        var first = await service.LikeAsync(CampaignId, "c1", _zhang, Ct);
        _clock.Advance(TimeSpan.FromDays(2));
        var later = await service.LikeAsync(CampaignId, "c1", _zhang, Ct);

        Assert.Equal(new LikeResult("c1", true, null), first);
        Assert.False(later.Counted);
        Assert.Null(Row($"likes:{ZhangPseudonym}:campaign:c1").Day);
    }

    // ---- messages ----

    [Theory]
    [InlineData("12345678901")]
    [InlineData("一二三四五六七八九十百")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀")]
    public async Task A_message_over_the_limit_in_characters_is_422(string text)
    {
        var problem = await ProblemFrom(() => Service().LeaveMessageAsync(CampaignId, "messages", _zhang, text, Ct));

        Assert.Equal((422, Problem.TypePrefix + "validation"), (problem.Status, problem.Type));
        Assert.Contains("it is 11", Assert.Single(problem.Errors!["text"]));
        _entries.VerifyNoWrites();
    }

    [Theory]
    [InlineData("1234567890")]
    [InlineData("一二三四五六七八九十")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀")] // 10 characters, 20 UTF-16 code units
    [InlineData("元宵\n快乐")]
    public async Task A_message_up_to_the_limit_in_characters_is_accepted(string text)
    {
        var result = await Service().LeaveMessageAsync(CampaignId, "messages", _zhang, text, Ct);

        Assert.Equal(EntryStatus.Pending, result.Status);
        Assert.Equal(text, Row("messages:" + ZhangPseudonym).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000\n")]
    public async Task An_empty_message_is_422(string? text)
    {
        var problem = await ProblemFrom(() => Service().LeaveMessageAsync(CampaignId, "messages", _zhang, text, Ct));

        Assert.Equal(422, problem.Status);
        Assert.Equal(["Required."], problem.Errors!["text"]);
        _entries.VerifyNoWrites();
    }

    [Theory]
    [InlineData("hi\u0007there")]
    [InlineData("a\u0000b")]
    [InlineData("\u001b[31m红")]
    public async Task A_message_with_control_characters_is_422(string text)
    {
        var problem = await ProblemFrom(() => Service().LeaveMessageAsync(CampaignId, "messages", _zhang, text, Ct));

        Assert.Equal(422, problem.Status);
        Assert.Contains("control", Assert.Single(problem.Errors!["text"]));
        _entries.VerifyNoWrites();
    }

    [Theory]
    [InlineData("来赌博吧")]
    [InlineData("buy SPAM")]
    [InlineData("spam")]
    public async Task A_message_with_a_sensitive_word_is_422_sensitive_content(string text)
    {
        var problem = await ProblemFrom(() => Service().LeaveMessageAsync(CampaignId, "messages", _zhang, text, Ct));

        Assert.Equal((422, Problem.TypePrefix + "sensitive-content"), (problem.Status, problem.Type));
        Assert.True(problem.Errors!.ContainsKey("text"));
        _entries.VerifyNoWrites();
    }

    [Fact]
    public async Task A_moderated_message_is_stored_pending()
    {
        var result = await Service().LeaveMessageAsync(CampaignId, "messages", _zhang, "元宵节快乐", Ct);

        Assert.Equal(new MessageResult("messages", EntryStatus.Pending), result);
        var row = Row("messages:" + ZhangPseudonym);
        Assert.Equal((EntryStatus.Pending, "元宵节快乐", ActivityKind.Message), (row.Status, row.Text, row.Kind));
    }

    [Fact]
    public async Task An_unmoderated_message_is_approved_at_once()
    {
        _campaign = EveryKind().ChangeActivity("messages", a => a with { Moderated = false }).Build();

        Assert.Equal(EntryStatus.Approved, (await Service().LeaveMessageAsync(CampaignId, "messages", _zhang, "你好", Ct)).Status);
    }

    [Fact]
    public async Task A_second_message_is_409_already_entered_with_the_standing_status()
    {
        var service = Service();
        await service.LeaveMessageAsync(CampaignId, "messages", _zhang, "第一条", Ct);

        var problem = await ProblemFrom(() => service.LeaveMessageAsync(CampaignId, "messages", _zhang, "第二条", Ct));

        Assert.Equal((409, Problem.TypePrefix + "already-entered"), (problem.Status, problem.Type));
        Assert.Equal("pending", problem.Extensions!["entryStatus"]); // the status as the wire names it
        Assert.Equal("第一条", Row("messages:" + ZhangPseudonym).Text);
    }

    // ---- signup ----

    [Fact]
    public async Task A_signup_without_a_required_field_is_422_naming_it()
    {
        var problem = await ProblemFrom(() => Service().SignUpAsync(CampaignId, "museum-day", _zhang, null, Ct));

        Assert.Equal(422, problem.Status);
        Assert.Equal(["fields.size"], problem.Errors!.Keys);
        _entries.VerifyNoWrites();
        _seats.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("xl")]
    [InlineData("M")]
    [InlineData("   ")]
    public async Task A_signup_with_a_value_not_among_the_options_is_422(string size)
    {
        var problem = await ProblemFrom(() => Service().SignUpAsync(CampaignId, "museum-day", _zhang,
            new Dictionary<string, string> { ["size"] = size }, Ct));

        Assert.Equal(422, problem.Status);
        Assert.Equal(["fields.size"], problem.Errors!.Keys);
        _entries.VerifyNoWrites();
        _seats.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_signup_with_an_unknown_field_is_422_naming_it()
    {
        var problem = await ProblemFrom(() => Service().SignUpAsync(CampaignId, "museum-day", _zhang,
            new Dictionary<string, string> { ["size"] = "m", ["shoe"] = "42" }, Ct));

        Assert.Equal(422, problem.Status);
        Assert.Equal(["fields.shoe"], problem.Errors!.Keys);
        _entries.VerifyNoWrites();
    }

    [Fact]
    public async Task A_signup_reports_every_bad_field_at_once()
    {
        var problem = await ProblemFrom(() => Service().SignUpAsync(CampaignId, "museum-day", _zhang,
            new Dictionary<string, string> { ["shoe"] = "42", ["note"] = new string('x', 101) }, Ct));

        Assert.Equal(["fields.note", "fields.shoe", "fields.size"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_signup_that_gets_a_seat_is_confirmed_with_it()
    {
        SeatsGive(1);

        var result = await Service().SignUpAsync(CampaignId, "museum-day", _zhang,
            new Dictionary<string, string> { ["size"] = "m", ["note"] = "孩子8岁" }, Ct);

        Assert.Equal(new SignupResult("museum-day", EntryStatus.Confirmed, 1, 2), result);
        var row = Row("museum-day:" + ZhangPseudonym);
        Assert.Equal((EntryStatus.Confirmed, (int?)1), (row.Status, row.Seat));
        Assert.Equal(new Dictionary<string, string> { ["size"] = "m", ["note"] = "孩子8岁" }, row.Fields);
        _seats.Verify(s => s.TryClaimAsync(CampaignId, "museum-day", 2, _zhang.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_signup_when_every_seat_is_taken_is_waitlisted()
    {
        SeatsGive(null);

        var result = await Service().SignUpAsync(CampaignId, "museum-day", _zhang, new Dictionary<string, string> { ["size"] = "s" }, Ct);

        Assert.Equal(new SignupResult("museum-day", EntryStatus.Waitlisted, null, 2), result);
        var row = Row("museum-day:" + ZhangPseudonym);
        Assert.Equal((EntryStatus.Waitlisted, (int?)null), (row.Status, row.Seat));
    }

    [Fact]
    public async Task A_second_signup_after_a_settled_one_is_409_already_entered_and_claims_nothing()
    {
        SeatsGive(1);
        var service = Service();
        await service.SignUpAsync(CampaignId, "museum-day", _zhang, new Dictionary<string, string> { ["size"] = "m" }, Ct);

        var problem = await ProblemFrom(() => service.SignUpAsync(CampaignId, "museum-day", _zhang,
            new Dictionary<string, string> { ["size"] = "l" }, Ct));

        Assert.Equal((409, Problem.TypePrefix + "already-entered"), (problem.Status, problem.Type));
        Assert.Equal("confirmed", problem.Extensions!["entryStatus"]); // the status as the wire names it
        Assert.Equal(1, problem.Extensions["seat"]);
        _seats.Verify(s => s.TryClaimAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.Equal("m", Row("museum-day:" + ZhangPseudonym).Fields!["size"]);
    }

    [Fact]
    public async Task A_pending_signup_left_by_a_crashed_request_is_completed_on_retry()
    {
        var key = "museum-day:" + ZhangPseudonym;
        var crashedAt = _clock.Now;
        _entries.Insert(new EntryRecord
        {
            CampaignId = CampaignId, Bucket = ZhangBucket, RowKey = key, ActivityId = "museum-day", Kind = ActivityKind.Signup,
            EntrantId = _zhang.Id, Pseudonym = ZhangPseudonym, AcceptedAt = crashedAt, Status = EntryStatus.Pending,
            Fields = new Dictionary<string, string> { ["size"] = "m" },
        });
        SeatsGive(2);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var result = await Service().SignUpAsync(CampaignId, "museum-day", _zhang, new Dictionary<string, string> { ["size"] = "m" }, Ct);

        Assert.Equal(new SignupResult("museum-day", EntryStatus.Confirmed, 2, 2), result);
        var row = Row(key);
        Assert.Equal((EntryStatus.Confirmed, (int?)2), (row.Status, row.Seat));
        Assert.Equal(crashedAt, row.AcceptedAt);
        Assert.Single(_entries.Rows);
    }

    // ---- check-ins ----

    [Fact]
    public async Task A_checkin_above_the_daily_cap_counts_as_the_cap()
    {
        var result = await Service().CheckInAsync(CampaignId, "steps", _zhang, 30_000, Ct);

        Assert.Equal(new CheckinResult("steps", "2027-02-12", 30_000, 12_000, 12_000), result);
        var row = Row($"steps:{ZhangPseudonym}:2027-02-12");
        Assert.Equal(12_000, row.Value);
        Assert.Equal("2027-02-12", row.Day);
        Assert.Equal("30000", row.Fields!["reported"]);
    }

    [Fact]
    public async Task A_checkin_under_the_cap_counts_as_reported()
    {
        var result = await Service().CheckInAsync(CampaignId, "steps", _zhang, 0, Ct);
        Assert.Equal(0, result.Counted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(1_000_000_001L)]
    public async Task A_negative_missing_or_absurd_checkin_is_422(long? value)
    {
        var problem = await ProblemFrom(() => Service().CheckInAsync(CampaignId, "steps", _zhang, value, Ct));

        Assert.Equal(422, problem.Status);
        Assert.True(problem.Errors!.ContainsKey("value"));
        _entries.VerifyNoWrites();
    }

    [Fact]
    public async Task A_second_checkin_the_same_local_day_is_409_and_the_next_local_day_is_accepted()
    {
        _clock.Now = new DateTimeOffset(2027, 2, 14, 16, 5, 0, TimeSpan.Zero); // 00:05 on the 15th locally
        var service = Service();
        await service.CheckInAsync(CampaignId, "steps", _zhang, 5000, Ct);

        _clock.Now = new DateTimeOffset(2027, 2, 15, 15, 55, 0, TimeSpan.Zero); // 23:55 on the 15th locally
        var problem = await ProblemFrom(() => service.CheckInAsync(CampaignId, "steps", _zhang, 9000, Ct));
        Assert.Equal((409, Problem.TypePrefix + "already-entered"), (problem.Status, problem.Type));
        Assert.Equal("2027-02-15", problem.Extensions!["day"]);
        Assert.Equal(5000L, problem.Extensions["value"]);

        _clock.Advance(TimeSpan.FromMinutes(10)); // 00:05 on the 16th locally, still the 15th in UTC
        var next = await service.CheckInAsync(CampaignId, "steps", _zhang, 9000, Ct);
        Assert.Equal("2027-02-16", next.Day);
        Assert.Equal(2, _entries.Rows.Count);
    }
}
