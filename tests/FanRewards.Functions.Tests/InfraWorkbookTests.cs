using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using FanRewards.Azurite;
using FanRewards.Core.Awards;
using FanRewards.Core.Json;
using FanRewards.Core.Telemetry;
using FanRewards.Functions.Entries;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.Functions.Tests;

/// <summary>
/// The operations workbook (infra/app/operations-workbook.json) and the alert rules (infra/app/operations.bicep) query
/// telemetry by name: metric names, their tags, the draw spans, the entry functions and the outbox's log lines. These
/// tests read those names from the queries and hold them against what the code really emits (a MeterListener and an
/// ActivityListener on the FanRewards meter and source, the [Function] metadata, the log messages), so a renamed
/// metric, tag, span, function or log line fails here instead of leaving an empty chart on the night.
/// </summary>
public sealed partial class InfraWorkbookTests
{
    private static readonly string Infra = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "infra");
    private static readonly string Functions = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "functions");

    [Fact]
    public void The_workbook_is_valid_serialized_workbook_json_and_main_bicep_deploys_it()
    {
        using var workbook = JsonDocument.Parse(File.ReadAllText(Path.Combine(Infra, "app", "operations-workbook.json")));
        Assert.Equal("Notebook/1.0", workbook.RootElement.GetProperty("version").GetString());
        Assert.True(WorkbookQueries().Count >= 8, "the workbook has lost its queries");

        var operations = File.ReadAllText(Path.Combine(Infra, "app", "operations.bicep"));
        Assert.Contains("loadTextContent('operations-workbook.json')", operations, StringComparison.Ordinal);
        Assert.Contains("module operations 'app/operations.bicep'", File.ReadAllText(Path.Combine(Infra, "main.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_metric_the_queries_name_is_one_the_app_emits_and_the_night_s_metrics_are_all_charted()
    {
        var emitted = EmittedMetrics();
        var named = MetricName().Matches(AllQueries()).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Empty(named.Except(emitted.Keys));
        string[] charted =
        [
            FanRewardsTelemetry.EntriesAcceptedName, FanRewardsTelemetry.EntriesRejectedName,
            FanRewardsTelemetry.DrawShardsName, FanRewardsTelemetry.AwardsName,
            FanRewardsTelemetry.StockLeftName, FanRewardsTelemetry.OutboxBacklogName,
        ];
        Assert.Empty(charted.Except(named));
    }

    [Fact]
    public void Every_dimension_the_queries_read_is_a_tag_or_log_field_the_app_writes()
    {
        var metricTags = EmittedMetrics().Values.SelectMany(tags => tags.Select(t => t.Key));
        var spanTags = EmittedSpanTags();
        var logFields = LogPhrases().SelectMany(phrase => PlaceholdersOfLogLinesWith(phrase));
        var written = metricTags.Concat(spanTags).Concat(logFields).ToHashSet();

        var read = Dimension().Matches(AllQueries()).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.NotEmpty(read);
        Assert.Empty(read.Except(written));
    }

    [Fact]
    public void The_tag_values_the_queries_filter_on_are_the_ones_the_app_writes()
    {
        var values = EmittedMetrics().Values.SelectMany(tags => tags.Select(t => t.Value)).ToHashSet();
        var queries = AllQueries();

        Assert.Contains(WireName.Of(AwardedBy.FirstCome), values);
        Assert.Contains($"== \"{WireName.Of(AwardedBy.FirstCome)}\"", queries, StringComparison.Ordinal);
        foreach (var phase in new[] { "started", "completed" })
        {
            Assert.Contains(phase, values);
            Assert.Contains($"phase == \"{phase}\"", queries, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Stock_left_and_the_outbox_backlog_are_charted_and_alerted_on_from_their_gauges_not_estimated_from_counters()
    {
        var tiles = WorkbookQueries();
        Assert.Contains(tiles, q => q.Contains($"\"{FanRewardsTelemetry.StockLeftName}\"", StringComparison.Ordinal)
                                    && q.Contains("customDimensions[\"prize\"]", StringComparison.Ordinal));
        Assert.Contains(tiles, q => q.Contains($"\"{FanRewardsTelemetry.OutboxBacklogName}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(tiles, q => q.Contains("row_cumsum", StringComparison.Ordinal)); // no running estimates left

        var operations = File.ReadAllText(Path.Combine(Infra, "app", "operations.bicep"));
        var growingOutbox = BicepMultilineString().Matches(operations).Select(m => m.Groups[1].Value)
            .Single(q => q.Contains("Outbox publishing stopped", StringComparison.Ordinal));
        Assert.Contains($"\"{FanRewardsTelemetry.OutboxBacklogName}\"", growingOutbox, StringComparison.Ordinal);
        Assert.DoesNotContain(FanRewardsTelemetry.AwardsName, growingOutbox, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_draw_span_the_queries_name_is_a_span_the_draw_runner_starts()
    {
        var started = DrawSpanStart().Matches(SourcesUnder(Path.Combine(Functions, "FanRewards.Core")))
            .Select(m => m.Groups[1].Value).ToHashSet();
        var named = SpanName().Matches(AllQueries()).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(["draw.merge", "draw.shard", "draw.start"], named.Order());
        Assert.Empty(named.Except(started));
    }

    [Fact]
    public void The_entry_routes_the_latency_charts_read_are_exactly_the_entry_functions()
    {
        var entryFunctions = typeof(EntryFunctions).GetMethods()
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is { } t && t.Methods?.Contains("post") == true))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name ?? "")
            .ToHashSet();

        var lists = EntryRoutes().Matches(AllQueries()).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(lists);
        foreach (var list in lists)
        {
            var routes = QuotedName().Matches(list).Select(m => m.Groups[1].Value).Order();
            Assert.Equal(entryFunctions.Order(), routes);
        }
    }

    [Fact]
    public void Every_log_line_the_queries_match_is_logged_by_the_code()
    {
        var phrases = LogPhrases();

        Assert.Contains("Outbox publishing stopped", phrases);
        foreach (var phrase in phrases)
            Assert.True(LogLinesWith(phrase).Any(), $"No log message in functions/ contains \"{phrase}\"");
    }

    /// <summary>Each instrument the app's telemetry calls record, with the tags (key and value) they carry.</summary>
    private static Dictionary<string, HashSet<(string Key, string Value)>> EmittedMetrics()
    {
        var seen = new Dictionary<string, HashSet<(string Key, string Value)>>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FanRewardsTelemetry.Name) l.EnableMeasurementEvents(instrument);
            },
        };
        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (seen)
            {
                if (!seen.TryGetValue(instrument.Name, out var known)) seen[instrument.Name] = known = [];
                foreach (var tag in tags) known.Add((tag.Key, $"{tag.Value}"));
            }
        }
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        listener.Start();

        FanRewardsTelemetry.EntryAccepted("workbook-test", "riddle");
        FanRewardsTelemetry.EntryRejected("urn:fanrewards:problem:rate-limited", nameof(EntryFunctions.AnswerRiddle));
        FanRewardsTelemetry.DrawShardScanStarted("workbook-test");
        FanRewardsTelemetry.DrawShardScanCompleted("workbook-test");
        FanRewardsTelemetry.DrawDrawn("workbook-test", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(3));
        FanRewardsTelemetry.Awarded(WireName.Of(AwardedBy.FirstCome));
        FanRewardsTelemetry.StockSeen("workbook-test", "ticket", 10, 3);
        FanRewardsTelemetry.OutboxBacklogSeen("workbook-test", 2);
        listener.RecordObservableInstruments(); // the gauges report when asked, as the exporter asks

        lock (seen) return seen.ToDictionary(e => e.Key, e => e.Value.ToHashSet());
    }

    private static HashSet<string> EmittedSpanTags()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FanRewardsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.shard", "workbook-test", "draw-1");
        Assert.NotNull(span);
        return span.Tags.Select(t => t.Key).ToHashSet();
    }

    private static List<string> LogPhrases() =>
        LogPhrase().Matches(AllQueries()).Select(m => m.Groups[1].Value).Distinct().ToList();

    private static IEnumerable<string> LogLinesWith(string phrase) =>
        Directory.EnumerateFiles(Functions, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .Where(line => line.Contains("Log", StringComparison.Ordinal) || line.Contains("Message = ", StringComparison.Ordinal))
            .Where(line => line.Contains(phrase, StringComparison.Ordinal));

    private static IEnumerable<string> PlaceholdersOfLogLinesWith(string phrase) =>
        LogLinesWith(phrase).SelectMany(line => Placeholder().Matches(line).Select(m => m.Groups[1].Value));

    private static string SourcesUnder(string folder) => string.Join('\n',
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));

    private static List<string> WorkbookQueries()
    {
        using var workbook = JsonDocument.Parse(File.ReadAllText(Path.Combine(Infra, "app", "operations-workbook.json")));
        return workbook.RootElement.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("content").TryGetProperty("query", out _))
            .Select(item => item.GetProperty("content").GetProperty("query").GetString() ?? "")
            .ToList();
    }

    /// <summary>The workbook's queries and the alert rules' (the Bicep file's ''' blocks), as one text.</summary>
    private static string AllQueries() =>
        string.Join('\n', WorkbookQueries()) + '\n' + string.Join('\n',
            BicepMultilineString().Matches(File.ReadAllText(Path.Combine(Infra, "app", "operations.bicep"))).Select(m => m.Groups[1].Value));

    [GeneratedRegex(@"""(fanrewards\.[a-z._]+)""")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"customDimensions\[""([^""]+)""\]")]
    private static partial Regex Dimension();

    /// <summary>A quoted draw span name, not a dimension key such as customDimensions["draw.id"].</summary>
    [GeneratedRegex(@"(?<!\[)""(draw\.[a-z]+)""")]
    private static partial Regex SpanName();

    [GeneratedRegex(@"StartDrawActivity\(""([^""]+)""")]
    private static partial Regex DrawSpanStart();

    [GeneratedRegex(@"entryRoutes = dynamic\(\[([^\]]*)\]\)")]
    private static partial Regex EntryRoutes();

    [GeneratedRegex(@"""([A-Za-z]+)""")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"message (?:has|startswith) ""([^""]+)""")]
    private static partial Regex LogPhrase();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"'''(.*?)'''", RegexOptions.Singleline)]
    private static partial Regex BicepMultilineString();
}
