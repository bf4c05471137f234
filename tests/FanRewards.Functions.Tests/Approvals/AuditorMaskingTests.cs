using FanRewards.Core.Admins;
using FanRewards.Core.Entries;
using FanRewards.Functions.Awards;
using FanRewards.Functions.Entries;
using FanRewards.Functions.Events;
using FanRewards.Functions.Identity;
using FanRewards.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace FanRewards.Functions.Tests.Approvals;

/// <summary>
/// Entrant ids are personal data (winners.csv takes a reason for them): the auditor, who reads everything masked, gets
/// them masked in every admin list that carries them (awards, messages, disqualifications, outbox events), while the
/// role that works with them (fulfilment, moderator) gets them whole. Over Azurite, after a real draw.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditorMaskingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TestAdminGate Auditor = TestAdminGate.As("赵审计", AdminRoles.Auditor);
    private static readonly TestAdminGate Fulfilment = TestAdminGate.As("李会计", AdminRoles.Fulfilment);
    private static readonly TestAdminGate Moderator = TestAdminGate.As("孙审核", AdminRoles.Moderator);
    private DrawScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await _scenario.PublishAsync("masked", draws: 1, t => t.WithMessageActivity("wishes", TestCampaign.ByDraw(), maxLength: 200, moderated: true));
        await _scenario.EnterAsync(campaign, 12);
        await _scenario.Entries.LeaveMessageAsync("masked", "wishes", new Entrant("fan-000", false), "元宵快乐", default);
        await _scenario.Disqualifications.DisqualifyAsync("masked", "fan-001", "一人多号", TestAdmins.Named("孙审核"), default);
        _scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);
        await _scenario.Service.TickAsync(CancellationToken.None);
        await _scenario.Queue.DeliverAllAsync(_scenario.Service);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_auditor_reads_entrant_ids_masked_in_every_list_and_the_roles_that_use_them_read_them_whole()
    {
        var lists = new (string Name, TestAdminGate Whole, Func<IAdminGate, Microsoft.AspNetCore.Http.HttpRequest, Task<IActionResult>> Call)[]
        {
            ("awards", Fulfilment, (gate, request) => Claims(gate).ListAwards(request, "masked")),
            ("events", Fulfilment, (gate, request) => Events(gate).ListCampaignEvents(request, "masked")),
            ("messages", Moderator, (gate, request) => EntrantAdmin(gate).ListMessages(request, "masked")),
            ("disqualifications", Moderator, (gate, request) => EntrantAdmin(gate).ListDisqualifications(request, "masked")),
        };

        foreach (var (name, whole, call) in lists)
        {
            var masked = await GetAsync(Auditor, call);
            var plain = await GetAsync(whole, call);

            Assert.True(masked.Status == 200, $"{name}: {masked.Status} {masked.Body}");
            Assert.True(!masked.Body.Contains("fan-0", StringComparison.Ordinal) && masked.Body.Contains("fa***0", StringComparison.Ordinal),
                $"{name} as the auditor: {masked.Body}");
            Assert.True(plain.Body.Contains("fan-0", StringComparison.Ordinal), $"{name} as {whole.Admin.Name}: {plain.Body}");
        }
    }

    private static async Task<TestResponse> GetAsync(IAdminGate gate,
        Func<IAdminGate, Microsoft.AspNetCore.Http.HttpRequest, Task<IActionResult>> call)
    {
        var request = HttpTestContext.Request("GET");
        return await HttpTestContext.Execute(request, await call(gate, request));
    }

    private ClaimFunctions Claims(IAdminGate gate) => new(_scenario.Claims, null!, gate,
        new Core.DataAccess.PersonalDataAccess(new TableDataAccessLog(_scenario.Tables), _scenario.Clock), NullLogger<ClaimFunctions>.Instance);

    private OutboxFunctions Events(IAdminGate gate) =>
        new(null!, new TableOutbox(_scenario.Tables), _scenario.Campaigns, gate, NullLogger<OutboxFunctions>.Instance);

    private EntrantAdminFunctions EntrantAdmin(IAdminGate gate) => new(_scenario.Moderation, _scenario.Disqualifications, _scenario.Disqualified,
        _scenario.Admin, gate, NullLogger<EntrantAdminFunctions>.Instance);
}
