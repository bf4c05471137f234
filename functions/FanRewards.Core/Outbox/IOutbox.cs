namespace FanRewards.Core.Outbox;

/// <summary>The domain events waiting to be published, kept beside the rows whose change they announce.</summary>
public interface IOutbox
{
    /// <summary>
    /// The campaign's events not yet published, oldest first, at most <paramref name="max"/>. Which campaigns to ask
    /// comes from the due index (<see cref="Due.DueKinds.Outbox"/>), never from a scan of every campaign.
    /// </summary>
    Task<IReadOnlyList<OutboxEvent>> ListUnpublishedAsync(string campaignId, int max, CancellationToken ct);
    /// <summary>
    /// The campaign's most recent <paramref name="max"/> events, published or not, newest first: what it reads grows with
    /// <paramref name="max"/>, not with the campaign's history.
    /// </summary>
    Task<IReadOnlyList<OutboxEvent>> ListAsync(string campaignId, int max, CancellationToken ct);
    Task MarkPublishedAsync(OutboxEvent published, DateTimeOffset at, CancellationToken ct);
}
