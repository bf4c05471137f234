using System.Globalization;
using System.Text.Json;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Events;

/// <summary>The outbox: published to Service Bus on a timer, and listed for admins (all that is there when no bus is configured).</summary>
public sealed class OutboxFunctions(OutboxPublisher publisher, IOutbox outbox, ILogger<OutboxFunctions> logger)
{
    public const int DefaultMax = 200;
    public const int MaxMax = 1000;

    /// <summary>Every 10 seconds: send what is waiting in the outbox (nothing when no Service Bus is configured).</summary>
    [Function(nameof(PublishOutbox))]
    public async Task PublishOutbox([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var published = await publisher.PublishPendingAsync(cancellationToken);
        if (published > 0) logger.LogInformation("Published {Count} outbox events", published);
    }

    /// <summary>The campaign's outbox events, newest first, published or not. An unknown campaign has none: an empty list.</summary>
    [Function(nameof(ListCampaignEvents))]
    public Task<IActionResult> ListCampaignEvents(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/campaigns/{campaignId}/events")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var id = Ids.Require(campaignId, nameof(campaignId));
            var max = DefaultMax;
            if (request.Query["max"].ToString() is { Length: > 0 } m &&
                (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxMax))
                throw new ProblemException(Problem.Validation(new Dictionary<string, string[]> { ["max"] = [$"Must be a whole number from 1 to {MaxMax}."] }));
            var events = await outbox.ListAsync(id, max, ct);
            return new JsonBodyResult(events.Select(View).ToList());
        });

    private static OutboxEventView View(OutboxEvent e) =>
        new(e.EventId, e.Type, e.OccurredAt, ParseData(e.DataJson), e.PublishedAt is not null, e.PublishedAt);

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

public sealed record OutboxEventView(string EventId, string Type, DateTimeOffset OccurredAt, JsonElement Data, bool Published, DateTimeOffset? PublishedAt);
