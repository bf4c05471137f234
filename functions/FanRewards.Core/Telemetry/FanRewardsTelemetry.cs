using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FanRewards.Core.Telemetry;

/// <summary>
/// FanRewards' own metrics and spans, with System.Diagnostics only: the Function App exports them (OpenTelemetry,
/// Azure Monitor), the DevHost totals them on request. Tags carry ids, kinds and reasons only: never an entrant's
/// id or pseudonym, a riddle answer, a seed or any other personal data.
/// </summary>
public static class FanRewardsTelemetry
{
    public const string Name = "FanRewards";

    public const string EntriesAcceptedName = "fanrewards.entries.accepted";
    public const string EntriesRejectedName = "fanrewards.entries.rejected";
    public const string DrawDurationName = "fanrewards.draw.duration";
    public const string DrawShardsName = "fanrewards.draw.shards";
    public const string AwardsName = "fanrewards.awards";
    public const string StockLeftName = "fanrewards.stock.left";
    public const string OutboxBacklogName = "fanrewards.outbox.backlog";

    /// <summary>How long a gauge keeps reporting a value this instance has not seen again (see <see cref="LatestReadings"/>).</summary>
    public static readonly TimeSpan GaugeFreshFor = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the stock-left gauge keeps an instance's value: two metric exports. An operator reads the tile as what is
    /// left now, and an instance's value can only be too high (it has not heard of every other instance's wins): once it
    /// stops giving prizes (entries stopped before a sell-out, the load moved), its value goes within two minutes instead
    /// of standing above the others' for five; a prize nobody tries any more ends its series at the last value.
    /// </summary>
    public static readonly TimeSpan StockFreshFor = TimeSpan.FromMinutes(2);

    public static readonly Meter Meter = new(Name);
    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Counter<long> EntriesAccepted = Meter.CreateCounter<long>(EntriesAcceptedName, "{entry}",
        "Entries written (a riddle answer that changed the entrant's progress, a like, message, signup or check-in).");
    private static readonly Counter<long> EntriesRejected = Meter.CreateCounter<long>(EntriesRejectedName, "{entry}",
        "Entrant requests answered with a problem, by the problem type (attempts-exhausted, rate-limited, campaign-not-open, …).");
    private static readonly Histogram<double> DrawDuration = Meter.CreateHistogram<double>(DrawDurationName, "s",
        "From a draw's start to its being drawn.");
    private static readonly Counter<long> DrawShards = Meter.CreateCounter<long>(DrawShardsName, "{shard}",
        "Shard scans of draws, by phase: started and completed. A delivery that finds the shard done or leased to a live worker " +
        "scans nothing and counts nothing, so started = completed = shards unless a worker died mid-scan.");
    private static readonly Counter<long> Awards = Meter.CreateCounter<long>(AwardsName, "{award}",
        "Prizes awarded, by mode (draw, firstCome, instantWin, topN, judged).");

    private static readonly LatestReadings StockLeft = new(StockFreshFor);
    private static readonly LatestReadings OutboxBacklog = new(GaugeFreshFor);

    /// <summary>
    /// The gauges. Observable: the exporter (or a listener) asks for their values when it collects, and the callbacks
    /// read memory only (<see cref="LatestReadings"/>).
    /// </summary>
    public static IReadOnlyList<Instrument> Gauges { get; } =
    [
        Meter.CreateObservableGauge(StockLeftName, StockLeft.Observe, "{unit}",
        "Units of a prize given from stock (first come, instant win) still left, by campaign and prize, as this instance last saw them " +
        "when it tried to give one in the last two minutes: exact at sold out and after a refresh of its stock picture, otherwise at " +
        "least what is left (another instance may have given units it has not heard of): the lowest value over the instances is the best."),
        Meter.CreateObservableGauge(OutboxBacklogName, OutboxBacklog.Observe, "{event}",
        "Outbox events of a campaign written but not yet published, as the latest outbox run that looked at the campaign left them " +
        "(read from the campaigns the due index names; exact up to the run's limit, that limit + 1 when more were waiting)."),
    ];

    public static void EntryAccepted(string campaignId, string activityKind) =>
        EntriesAccepted.Add(1, new KeyValuePair<string, object?>("campaign", campaignId), new KeyValuePair<string, object?>("activity.kind", activityKind));

    /// <summary>A rejected entrant request; <paramref name="problemType"/> is the full type, its suffix becomes the reason.</summary>
    public static void EntryRejected(string problemType, string? function = null)
    {
        var reason = ReasonOf(problemType);
        if (function is null) EntriesRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
        else EntriesRejected.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("function", function));
    }

    /// <summary>A problem type without the project's prefix: "rate-limited", "attempts-exhausted", ….</summary>
    public static string ReasonOf(string problemType) =>
        problemType.StartsWith(Problem.TypePrefix, StringComparison.Ordinal) ? problemType[Problem.TypePrefix.Length..] : problemType;

    /// <summary>The tag <see cref="DrawShardsName"/> carries its phase in.</summary>
    public const string DrawShardPhaseTag = "phase";

    public static void DrawShardScanStarted(string campaignId) => DrawShards.Add(1,
        new KeyValuePair<string, object?>("campaign", campaignId), new KeyValuePair<string, object?>(DrawShardPhaseTag, "started"));

    public static void DrawShardScanCompleted(string campaignId) => DrawShards.Add(1,
        new KeyValuePair<string, object?>("campaign", campaignId), new KeyValuePair<string, object?>(DrawShardPhaseTag, "completed"));

    public static void DrawDrawn(string campaignId, DateTimeOffset? startedAt, DateTimeOffset drawnAt)
    {
        if (startedAt is { } started)
            DrawDuration.Record(Math.Max(0, (drawnAt - started).TotalSeconds), new KeyValuePair<string, object?>("campaign", campaignId));
    }

    public static void Awarded(string mode, int count = 1)
    {
        if (count > 0) Awards.Add(count, new KeyValuePair<string, object?>("mode", mode));
    }

    /// <summary>What an attempt to give a unit of stock learnt: <paramref name="taken"/> of the <paramref name="stock"/> units are taken.</summary>
    public static void StockSeen(string campaignId, string prizeId, int stock, int taken) =>
        StockLeft.Record(campaignId, prizeId, Math.Max(0, stock - taken));

    /// <summary>What an outbox run left of the campaign's unpublished events.</summary>
    public static void OutboxBacklogSeen(string campaignId, int waiting) => OutboxBacklog.Record(campaignId, null, waiting);

    /// <summary>
    /// A span for one step of a draw, under the trace the step was enqueued in (<paramref name="traceParent"/>, a W3C
    /// traceparent) when it carries one, else under the current activity; linked to the current one (the queue
    /// trigger's invocation) when the parent differs.
    /// </summary>
    public static Activity? StartDrawActivity(string name, string campaignId, string drawId, string? traceParent = null)
    {
        var current = Activity.Current;
        Activity? activity;
        if (traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            && parent.TraceId != (current?.TraceId ?? default))
        {
            var links = current is null ? null : new[] { new ActivityLink(current.Context) };
            activity = ActivitySource.StartActivity(name, ActivityKind.Internal, parent, links: links);
        }
        else
        {
            activity = ActivitySource.StartActivity(name, ActivityKind.Internal);
        }
        activity?.SetTag("campaign.id", campaignId);
        activity?.SetTag("draw.id", drawId);
        return activity;
    }

    /// <summary>What a step enqueued now should carry: the W3C id of the current activity, if any.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;
}
