using System.Text.Json;

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
