using System.Collections.Concurrent;
using System.Diagnostics;
using FanRewards.Core.Telemetry;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>The draw's steps are spans of the trace that asked for the draw: the trace parent travels in each queue step.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DrawTraceTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ConcurrentBag<Activity> _stopped = [];
    private ActivityListener? _listener;

    [Fact]
    public async Task The_start_shard_and_merge_spans_share_the_trace_of_the_request_that_ran_the_draw()
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync("traced", draws: 1);
        await scenario.EnterAsync(campaign, 12);
        scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FanRewardsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { if (activity.GetTagItem("campaign.id") as string == "traced") _stopped.Add(activity); },
        };
        ActivitySource.AddActivityListener(_listener);

        ActivityTraceId requestTrace;
        using (var request = new Activity("POST manage/campaigns/{campaignId}/draws/{drawId}/run").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            requestTrace = request.TraceId;
            await scenario.Service.RequestRunAsync("traced", "evening", TestAdmins.Named("e2e"), CancellationToken.None);
        }
        var start = Assert.Single(scenario.Queue.Pending);
        Assert.Equal(requestTrace, ActivityContext.Parse(start.Step.TraceParent!, null).TraceId);

        // Delivered the way a queue trigger runs: in no trace of its own.
        Assert.Null(Activity.Current);
        await scenario.Queue.DeliverAllAsync(scenario.Service);

        var spans = _stopped.ToList();
        var listed = (await scenario.Queries.ListAsync("traced", CancellationToken.None)).Single();
        Assert.Equal("drawn", listed.State);
        // In the campaign's zone, like every other time an admin reads.
        Assert.All([listed.At, listed.StartedAt, listed.DrawnAt], time => Assert.EndsWith("+08:00", time));
        Assert.Single(spans, s => s.OperationName == "draw.start");
        Assert.Equal(campaign.EntryBuckets, spans.Count(s => s.OperationName == "draw.shard"));
        Assert.Contains(spans, s => s.OperationName == "draw.merge");
        Assert.All(spans, s =>
        {
            Assert.Equal(requestTrace, s.TraceId);
            Assert.Equal("evening", s.GetTagItem("draw.id"));
        });
        // Each shard is a child of the start step that enqueued it.
        var startSpan = spans.Single(s => s.OperationName == "draw.start");
        Assert.All(spans.Where(s => s.OperationName == "draw.shard"), s => Assert.Equal(startSpan.SpanId, s.ParentSpanId));
    }

    public void Dispose() => _listener?.Dispose();
}
