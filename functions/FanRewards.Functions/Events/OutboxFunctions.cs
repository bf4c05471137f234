using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Outbox;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Events;

/// <summary>The outbox: published to Service Bus on a timer, and listed for admins (all that is there when no bus is configured).</summary>
public sealed class OutboxFunctions(OutboxPublisher publisher, IOutbox outbox, ICampaignStore campaigns, IAdminGate gate, ILogger<OutboxFunctions> logger)
{
    /// <summary>Every 10 seconds: send what is waiting in the outbox (nothing when no Service Bus is configured).</summary>
    [Function(nameof(PublishOutbox))]
    public async Task PublishOutbox([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var published = await publisher.PublishPendingAsync(cancellationToken);
        if (published > 0) logger.LogInformation("Published {Count} outbox events", published);
    }

    /// <summary>The campaign's outbox events, newest first, published or not. An unknown campaign has none: an empty list.</summary>
    [Function(nameof(ListCampaignEvents))]
    [AdminRoute(AdminRoles.CampaignEditor, AdminRoles.Publisher, AdminRoles.Moderator, AdminRoles.DrawOperator, AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> ListCampaignEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/campaigns/{campaignId}/events")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(ListCampaignEvents));
            var id = Ids.Require(campaignId, nameof(campaignId));
            var page = PageRequest.From(request, PageRule.AdminList);
            var events = await outbox.ListAsync(id, page.Limit, ct);
            // Times in the campaign's zone like every view of a campaign; a campaign that is not there has no events to show.
            var zone = (await campaigns.FindAsync(id, ct))?.Campaign.Zone ?? TimeZoneInfo.Utc;
            // The data's entrant ids are for fulfilment: every other role (the auditor above all) reads them masked.
            var views = events.Select(e => OutboxEventView.From(e, zone));
            return new JsonBodyResult((admin.Has(AdminRoles.Fulfilment) ? views : views.Select(v => v.WithEntrantIdsMasked())).ToList());
        });
}
