using System.Diagnostics.Metrics;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Telemetry;
using Moq;
using static FanRewards.Core.Tests.Support.TestStores;
using static FanRewards.Testing.TestCampaign;

namespace FanRewards.Core.Tests.Telemetry;

/// <summary>
/// What an entry records on the FanRewards meter. The meter is process-wide and tests run in parallel, so the
/// listener keeps only the measurements made on this test's own async flow.
/// </summary>
public sealed class EntryTelemetryTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AsyncLocal<bool> Mine = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _recorded = [];
    private readonly MeterListener _listener = new();
    private readonly ManualClock _clock = new(LanternFestival.Opens.AddHours(2));
    private readonly InMemoryEntries _entries = new();
    private readonly Entrant _zhang = new("wx_Zhang.01@union", IsMember: false);

    public EntryTelemetryTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FanRewardsTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (!Mine.Value) return;
            lock (_recorded) _recorded.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private EntryService Service()
    {
        var campaigns = StoreWith(EveryKind().Build()).Object;
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(campaigns, _clock, new CampaignCacheOptions()), _clock);
        return new(catalog, _entries.Mock.Object, new Mock<ISeatStore>(MockBehavior.Strict).Object, _clock, new EntryPolicy(),
            TestServices.NoSpotPrizes(_clock), TestServices.UnflushedFigures(catalog, campaigns, _clock), TestServices.UnflushedWatch());
    }

    [Fact]
    public async Task An_accepted_riddle_answer_counts_one_accepted_entry_by_campaign_and_kind_and_nothing_personal()
    {
        Mine.Value = true;
        await Service().AnswerRiddleAsync(CampaignId, "r3", _zhang, SecretAsciiAnswer, Ct);

        var (instrument, value, tags) = Assert.Single(_recorded);
        Assert.Equal(FanRewardsTelemetry.EntriesAcceptedName, instrument);
        Assert.Equal(1, value);
        Assert.Equal(new Dictionary<string, object?> { ["campaign"] = CampaignId, ["activity.kind"] = "riddle" }, tags);
        Assert.DoesNotContain(tags.Values, v => v is string s && (s.Contains(SecretAsciiAnswer) || s.Contains(_zhang.Id)
            || s.Contains(EveryKind().Build().PseudonymOf(_zhang.Id))));
    }

    [Fact]
    public async Task A_rejected_answer_counts_no_accepted_entry_and_its_problem_type_is_the_rejection_reason()
    {
        var service = Service();
        for (var i = 0; i < 3; i++) await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct);

        Mine.Value = true;
        var problem = await ProblemFrom(() => service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct));
        Assert.Empty(_recorded); // a wrong answer that was refused is no entry

        // What the HTTP endpoint records for a problem on an entrant route.
        FanRewardsTelemetry.EntryRejected(problem.Type, "AnswerRiddle");

        var (instrument, value, tags) = Assert.Single(_recorded);
        Assert.Equal(FanRewardsTelemetry.EntriesRejectedName, instrument);
        Assert.Equal(1, value);
        Assert.Equal(new Dictionary<string, object?> { ["reason"] = "attempts-exhausted", ["function"] = "AnswerRiddle" }, tags);
    }

    [Fact]
    public async Task Wrong_answers_that_change_progress_are_accepted_entries_too()
    {
        var service = Service();
        Mine.Value = true;
        await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct);
        await service.LikeAsync(CampaignId, "c1", _zhang, Ct);
        await service.LikeAsync(CampaignId, "c1", _zhang, Ct); // the same like again is not counted

        Assert.Equal(["riddle", "like"], _recorded.Select(r => (string)r.Tags["activity.kind"]!));
        Assert.All(_recorded, r => Assert.Equal(FanRewardsTelemetry.EntriesAcceptedName, r.Instrument));
    }
}
