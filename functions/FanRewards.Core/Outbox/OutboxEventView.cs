using System.Text.Json;
using System.Text.Json.Nodes;

namespace FanRewards.Core.Outbox;

/// <summary>
/// An outbox event as the admin list shows it: its data as JSON (not a string of JSON), whether it went out, and its
/// times in the campaign's zone (the data is as published: UTC).
/// </summary>
public sealed record OutboxEventView(string EventId, string Type, DateTimeOffset OccurredAt, JsonElement Data, bool Published, DateTimeOffset? PublishedAt)
{
    public static OutboxEventView From(OutboxEvent e, TimeZoneInfo zone) =>
        new(e.EventId, e.Type, TimeZoneInfo.ConvertTime(e.OccurredAt, zone), ParseData(e.DataJson), e.PublishedAt is not null,
            e.PublishedAt is { } published ? TimeZoneInfo.ConvertTime(published, zone) : null);

    /// <summary>Names of the entrant ids an event's data carries (for the fulfilment systems it is sent to).</summary>
    private static readonly string[] EntrantIdNames = ["entrantId", "toEntrantId"];

    /// <summary>
    /// The event for an admin whose role does not work with entrant ids (every role but fulfilment, the auditor above all):
    /// each entrant id in its data masked as the fraud review masks it. The event on the topic is unchanged.
    /// </summary>
    public OutboxEventView WithEntrantIdsMasked()
    {
        if (JsonNode.Parse(Data.GetRawText()) is not JsonObject data) return this;
        foreach (var name in EntrantIdNames)
        {
            if (data[name] is JsonValue value && value.TryGetValue<string>(out var id)) data[name] = EntrantIdMask.Of(id);
        }
        return this with { Data = JsonSerializer.SerializeToElement(data) };
    }

    private static JsonElement ParseData(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not expected (the writers serialise it), but a list must not fail on one bad row: show it as text.
            return JsonSerializer.SerializeToElement(json);
        }
    }
}
