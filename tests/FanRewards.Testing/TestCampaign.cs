using FanRewards.Core.Campaigns;

namespace FanRewards.Testing;

/// <summary>
/// The one way tests make a campaign: start from a preset (<see cref="Lantern"/>, <see cref="EveryKind"/>,
/// <see cref="Riddle"/>, <see cref="Holiday"/>) or from <see cref="Bare"/>, change what the test is about, then
/// <see cref="Build"/> the stored <see cref="Campaign"/> or <see cref="BuildDefinition"/> the wire form an admin sends.
/// Each step returns a new builder, so a preset kept in a field can be varied by several tests without leaking.
/// Times are instants, written into the schedule as local times of the campaign's zone, the way admins write them.
/// </summary>
public sealed partial record TestCampaign
{
    private CampaignDefinition _definition;
    private IReadOnlyList<RiddleDefinition> _riddles = [];
    private IReadOnlyList<CandidateDefinition> _candidates = [];
    private IReadOnlyList<PrizeDefinition> _prizes = [];
    private CampaignLifecycle _lifecycle = CampaignLifecycle.Draft;
    private DateTimeOffset? _publishedAt;
    private PseudonymKey? _pseudonymKey;
    private DateTimeOffset _createdAt;
    private DateTimeOffset _updatedAt;

    private TestCampaign(CampaignDefinition definition) => _definition = definition;

    /// <summary>Only an id: a draft as an admin first creates it, with nothing else filled in.</summary>
    public static TestCampaign Bare(string id) => new(new CampaignDefinition { Id = id });

    /// <summary>
    /// 元宵猜灯谜 by 省总工会 in Shanghai, with the disclosures a publishable campaign needs, on the
    /// <see cref="LanternFestival"/> timeline (created the day before <see cref="LanternFestival.BeforeAll"/>), with no
    /// activity, draw, riddle or prize yet: the presets add those.
    /// </summary>
    private static TestCampaign Festival(string id) => new TestCampaign(new CampaignDefinition
    {
        Id = id,
        Title = "元宵猜灯谜",
        Summary = "猜灯谜赢旅游年卡",
        TimeZone = LanternFestival.Shanghai.Id,
        Organiser = new OrganiserDefinition { Name = "省总工会", Contact = "029-87310000" },
        Rules = new RulesDefinition
        {
            EntryConditions = "关注公众号的职工均可参加",
            AwardMethod = "元宵节20:00可验证随机抽奖",
            ClaimInstructions = "在活动页面填写收件信息",
            Forfeiture = "逾期未领取视为放弃，由候补递补",
        },
        Activities = [],
        // Off in the presets: most tests publish or run a draw by HTTP as one person and are not about four eyes;
        // those that are call WithFourEyes() (Bare leaves it absent, which means on).
        FourEyes = false,
    }).OpenBetween(LanternFestival.Opens, LanternFestival.Closes).ClaimsUntil(LanternFestival.ClaimDeadline)
        .Created(LanternFestival.BeforeAll.AddDays(-1));

    /// <summary>The stored campaign.</summary>
    public Campaign Build() => new()
    {
        Definition = _definition,
        Riddles = _riddles,
        Candidates = _candidates,
        Prizes = _prizes,
        Lifecycle = _lifecycle,
        PublishedAt = _publishedAt,
        PseudonymKey = _pseudonymKey,
        CreatedAt = _createdAt,
        UpdatedAt = _updatedAt,
    };

    /// <summary>The wire form an admin creates or updates (riddles, candidates and prizes are sent on their own).</summary>
    public CampaignDefinition BuildDefinition() => _definition;

    /// <summary>
    /// Creates the campaign through the admin service, replaces its riddles, candidates and prizes (those it has) and
    /// publishes it, as an admin would: validation, draw commitments and due marks included.
    /// </summary>
    public async Task<StoredCampaign> PublishThroughAsync(CampaignAdminService admin, CancellationToken ct = default)
    {
        var actor = TestAdmins.Named("test");
        var id = _definition.Id ?? throw new InvalidOperationException("A campaign to publish needs an id.");
        await admin.CreateAsync(_definition, actor, ct);
        if (_riddles.Count > 0) await admin.ReplaceRiddlesAsync(id, _riddles, null, actor, ct);
        if (_candidates.Count > 0) await admin.ReplaceCandidatesAsync(id, _candidates, null, actor, ct);
        if (_prizes.Count > 0) await admin.ReplacePrizesAsync(id, _prizes, null, actor, ct);
        return await admin.PublishAsync(id, null, actor, ct);
    }

    // ---- The definition ----

    /// <summary>Any change to the wire form the other steps do not name (a malformed value, a field a test is about).</summary>
    public TestCampaign Changed(Func<CampaignDefinition, CampaignDefinition> change) => this with { _definition = change(_definition) };

    public TestCampaign Titled(string title, string? summary = null) => Changed(d => d with { Title = title, Summary = summary });

    /// <summary>Names another zone; the schedule's local times stay as written, so they now mean other instants.</summary>
    public TestCampaign InZone(string timeZone) => Changed(d => d with { TimeZone = timeZone });

    public TestCampaign MembersOnly(bool membersOnly = true) => Changed(d => d with { MembersOnly = membersOnly });

    /// <summary>Publishing and running a draw by hand take a second person (the default of a campaign an admin writes).</summary>
    public TestCampaign WithFourEyes(bool fourEyes = true) => Changed(d => d with { FourEyes = fourEyes });

    public TestCampaign WithRules(RulesDefinition rules) => Changed(d => d with { Rules = rules });

    // ---- The schedule ----

    public TestCampaign OpenBetween(DateTimeOffset opens, DateTimeOffset closes) =>
        WithSchedule(s => s with { OpensAt = Local(opens), ClosesAt = Local(closes) });

    public TestCampaign ClaimsUntil(DateTimeOffset deadline) => WithSchedule(s => s with { ClaimDeadline = Local(deadline) });

    /// <summary>Adds a draw at <paramref name="at"/> awarding <paramref name="prizeIds"/>, first prize first.</summary>
    public TestCampaign WithDraw(string id, DateTimeOffset at, IReadOnlyList<string> prizeIds, int? alternates = null,
        IReadOnlyList<string>? activityIds = null) =>
        WithSchedule(s => s with
        {
            Draws = [.. s.Draws ?? [], new DrawDefinition { Id = id, At = Local(at), ActivityIds = activityIds, PrizeIds = prizeIds, Alternates = alternates }],
        });

    /// <summary>Gives draw <paramref name="drawId"/> witnesses (id, name, commitment or null) and a reveal deadline.</summary>
    public TestCampaign WithWitnesses(string drawId, DateTimeOffset? revealBy, params (string Id, string Name, string? Commitment)[] witnesses) =>
        WithSchedule(s => s with
        {
            Draws = (s.Draws ?? []).Select(d => d.Id != drawId ? d : d with
            {
                Witnesses = witnesses.Select(w => new WitnessDefinition { Id = w.Id, Name = w.Name, Commitment = w.Commitment }).ToList(),
                RevealBy = revealBy is { } by ? Local(by) : null,
            }).ToList(),
        });

    public TestCampaign WithoutDraws() => WithSchedule(s => s with { Draws = [] });

    /// <summary>Any change to the schedule as written (a malformed time, a missing one).</summary>
    public TestCampaign WithSchedule(Func<ScheduleDefinition, ScheduleDefinition> change) =>
        Changed(d => d with { Schedule = change(d.Schedule ?? new ScheduleDefinition()) });

    // ---- Riddles, candidates and prizes ----

    public TestCampaign WithRiddle(string id, string question, IReadOnlyList<string> answers, string? hint = null, string activityId = "riddles") =>
        this with { _riddles = [.. _riddles, new RiddleDefinition { Id = id, ActivityId = activityId, Question = question, Hint = hint, Answers = answers }] };

    /// <summary>
    /// In place of its riddles, <paramref name="count"/> riddles r0001, r0002… of the riddles activity, each answered by
    /// 告 or by a secret "secret-{n}" that must never leak to entrants.
    /// </summary>
    public TestCampaign WithNumberedRiddles(int count) => this with { _riddles = NumberedRiddles(count) };

    /// <summary>The riddles <see cref="WithNumberedRiddles"/> gives a campaign, for a test that writes riddles on their own.</summary>
    public static IReadOnlyList<RiddleDefinition> NumberedRiddles(int count) =>
        Enumerable.Range(1, count).Select(i => new RiddleDefinition
        {
            Id = $"r{i:D4}", ActivityId = "riddles", Question = $"一口咬掉牛尾巴 {i}", Hint = "打一字", Answers = ["告", $"secret-{i}"],
        }).ToList();

    public TestCampaign WithoutRiddles() => this with { _riddles = [] };

    public TestCampaign WithCandidate(string id, string name, string activityId = "likes") =>
        this with { _candidates = [.. _candidates, new CandidateDefinition { Id = id, ActivityId = activityId, Name = name }] };

    public TestCampaign WithPrize(string id, string name, PrizeKind kind, decimal valueYuan, int count) =>
        this with { _prizes = [.. _prizes, new PrizeDefinition { Id = id, Name = name, Kind = kind, ValueYuan = valueYuan, Count = count }] };

    public TestCampaign ChangePrize(string id, Func<PrizeDefinition, PrizeDefinition> change) =>
        this with { _prizes = _prizes.Select(p => p.Id == id ? change(p) : p).ToList() };

    public TestCampaign WithoutPrizes() => this with { _prizes = [] };

    // ---- Lifecycle ----

    /// <summary>Created (and last updated) at <paramref name="at"/>.</summary>
    public TestCampaign Created(DateTimeOffset at) => this with { _createdAt = at, _updatedAt = at };

    /// <summary>
    /// Published at <paramref name="at"/>; on the default timeline, <see cref="LanternFestival.BeforeAll"/>. Like a real
    /// publish it has a pseudonym key (<see cref="TestPseudonymKey"/>, fixed so that builds are equal), so entrants'
    /// pseudonyms are salted: tests compute them with <c>campaign.PseudonymOf(entrantId)</c>.
    /// </summary>
    public TestCampaign Published(DateTimeOffset? at = null) =>
        this with { _lifecycle = CampaignLifecycle.Published, _publishedAt = at ?? LanternFestival.BeforeAll, _pseudonymKey = TestPseudonymKey };

    /// <summary>Without a pseudonym key: a campaign published before Trust v2, whose pseudonyms stay unsalted.</summary>
    public TestCampaign Unsalted() => this with { _pseudonymKey = null };

    /// <summary>The pseudonym key of every campaign <see cref="Published"/> makes: bytes 0x40…0x5f.</summary>
    public static PseudonymKey TestPseudonymKey { get; } = PseudonymKey.FromBytes(Enumerable.Range(0x40, PseudonymKey.Length).Select(i => (byte)i).ToArray());

    private string Local(DateTimeOffset instant) =>
        CampaignTime.FormatLocal(instant, TimeZoneInfo.FindSystemTimeZoneById(_definition.TimeZone ?? LanternFestival.Shanghai.Id));
}
