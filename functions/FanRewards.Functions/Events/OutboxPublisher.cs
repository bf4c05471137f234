using Azure.Messaging.ServiceBus;
using FanRewards.Core.Due;
using FanRewards.Core.Outbox;
using FanRewards.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Events;

public sealed class OutboxPublisherOptions
{
    /// <summary>How many unpublished events one run takes at most.</summary>
    public int MaxPerRun { get; init; } = 500;
}

/// <summary>
/// Publishes the outbox to the Service Bus topic as CloudEvents: at least once, in order within a campaign, each event with its event id
/// as the MessageId so that the topic's duplicate detection (and any consumer) recognises a resend as the same message.
/// An event is marked published only after the send that carried it succeeded; a failure ends the run and leaves that
/// event and every later one for the next run. Without a sender (no Service Bus configured) it does nothing and the
/// events stay in the outbox, where admins can list them. Which campaigns have events waiting comes from the due index
/// (every award transaction marks its campaign first), so a run reads the campaigns with work, not every campaign.
/// </summary>
public sealed partial class OutboxPublisher(
    IOutbox outbox, DueLedger due, ServiceBusSender? sender, TimeProvider time, ILogger<OutboxPublisher> logger,
    OutboxPublisherOptions options)
{
    private int _notConfiguredLogged;

    public bool IsConfigured => sender is not null;

    /// <summary>Sends up to <see cref="OutboxPublisherOptions.MaxPerRun"/> pending events; returns how many were sent and marked.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        if (sender is null)
        {
            if (Interlocked.Exchange(ref _notConfiguredLogged, 1) == 0) LogNotConfigured();
            return 0;
        }
        var published = 0;
        foreach (var entry in await due.ListDueAsync(DueKinds.Outbox, ct))
        {
            var room = options.MaxPerRun - published;
            if (room <= 0) break;
            var inspectedAt = due.Now;
            // One more than there is room for tells whether this run saw all of the campaign's waiting events.
            var pending = await outbox.ListUnpublishedAsync(entry.Mark.CampaignId, room + 1, ct);
            var (count, goOn) = await PublishCampaignAsync(sender, pending.Take(room).ToList(), ct);
            published += count;
            // What is left as far as this run read: exact, or room + 1 ("more than a run takes") when it could not read all.
            FanRewardsTelemetry.OutboxBacklogSeen(entry.Mark.CampaignId, pending.Count > room ? pending.Count : pending.Count - count);
            if (!goOn) break;
            if (count == pending.Count) await due.SettleAsync(entry, inspectedAt, ct); // all out: the mark goes once it has settled
        }
        return published;
    }

    /// <summary>
    /// Sends the campaign's events in batches, in order. GoOn is false when a send or a mark failed: whatever failed
    /// (Service Bus or storage) would most likely fail for the next campaign too, so the run ends there.
    /// </summary>
    private async Task<(int Published, bool GoOn)> PublishCampaignAsync(ServiceBusSender bus, List<OutboxEvent> events, CancellationToken ct)
    {
        var published = 0;
        var next = 0;
        while (next < events.Count)
        {
            var first = events[next];
            var step = "send";
            try
            {
                using var batch = await bus.CreateMessageBatchAsync(ct);
                var inBatch = new List<OutboxEvent>();
                while (next + inBatch.Count < events.Count && batch.TryAddMessage(OutboxCloudEvents.ToMessage(events[next + inBatch.Count])))
                    inBatch.Add(events[next + inBatch.Count]);
                if (inBatch.Count == 0)
                {
                    // Cannot happen within the limits ToEntity enforces (32 Ki characters of data), but if it does it is this
                    // event's problem, not the bus's: hold back this campaign only.
                    LogTooLarge(first.CampaignId, first.EventId, first.Type);
                    return (published, true);
                }

                await bus.SendMessagesAsync(batch, ct);
                // Sent: from here a failure means a resend with the same MessageIds, which duplicate detection absorbs.
                step = "mark";
                foreach (var sent in inBatch)
                {
                    first = sent;
                    await outbox.MarkPublishedAsync(sent, time.GetUtcNow(), ct);
                    published++;
                    next++;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Ids and type only: the event's data may name the winner.
                LogFailed(e, step, first.CampaignId, first.EventId, first.Type);
                return (published, false);
            }
        }
        return (published, true);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox publishing stopped at event {EventId} ({Type}) of campaign {CampaignId} ({Step} failed); it and the later events stay for the next run")]
    private partial void LogFailed(Exception e, string step, string campaignId, string eventId, string type);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "No Service Bus is configured (ServiceBus:ConnectionString or ServiceBus:FullyQualifiedNamespace): events stay in the outbox, where GET manage/campaigns/<id>/events lists them")]
    private partial void LogNotConfigured();

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox event {EventId} ({Type}) of campaign {CampaignId} does not fit in an empty Service Bus batch; it and the later events of the campaign stay in the outbox")]
    private partial void LogTooLarge(string campaignId, string eventId, string type);
}
