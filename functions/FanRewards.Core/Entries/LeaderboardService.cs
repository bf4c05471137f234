using System.Collections.Concurrent;
using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Entries;

/// <summary>
/// Like counts and check-in totals, derived from the durable entry records by a parallel scan of the bucket
/// partitions: no entity is written by every like, and every figure is a recount, so a count is never lost or
/// doubled. Results are cached for a few seconds, so a burst of readers causes one scan per instance.
/// </summary>
public sealed class LeaderboardService(PublicCampaignCatalog catalog, IEntryStore entries, TimeProvider clock, LeaderboardOptions options)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset ExpiresAt, Lazy<Task<Leaderboard>> Tally)> _cache = new(StringComparer.Ordinal);

    public async Task<Leaderboard> GetAsync(string campaignId, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(campaign.Id, out var cached) || cached.ExpiresAt <= now || cached.Tally.Value.IsFaulted)
        {
            var fresh = (now + options.TimeToLive, new Lazy<Task<Leaderboard>>(() => TallyAsync(campaign, now, CancellationToken.None)));
            cached = _cache.AddOrUpdate(campaign.Id, fresh, (_, existing) =>
                existing.ExpiresAt > now && !existing.Tally.Value.IsFaulted ? existing : fresh);
        }
        return await cached.Tally.Value.WaitAsync(ct);
    }

    private async Task<Leaderboard> TallyAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var boards = new List<ActivityLeaderboard>();
        foreach (var activity in campaign.Definition.Activities ?? [])
        {
            if (activity.Kind == ActivityKind.Like)
            {
                var today = EntryService.LocalDay(now, campaign);
                var total = new Dictionary<string, long>(StringComparer.Ordinal);
                var onDay = new Dictionary<string, long>(StringComparer.Ordinal);
                await foreach (var like in entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, activity.Id!, null, ct))
                {
                    total[like.CandidateId!] = total.GetValueOrDefault(like.CandidateId!) + 1;
                    if (like.Day == today) onDay[like.CandidateId!] = onDay.GetValueOrDefault(like.CandidateId!) + 1;
                }
                var rows = campaign.Candidates.Where(c => c.ActivityId == activity.Id)
                    .Select(c => new LeaderboardRow(c.Id!, c.Name!, total.GetValueOrDefault(c.Id!), onDay.GetValueOrDefault(c.Id!)))
                    .OrderByDescending(r => r.Total).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
                boards.Add(new ActivityLeaderboard(activity.Id!, "like", rows));
            }
            else if (activity.Kind == ActivityKind.Checkin)
            {
                var totals = new Dictionary<string, (long Total, DateTimeOffset Last)>(StringComparer.Ordinal);
                await foreach (var checkin in entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, activity.Id!, null, ct))
                {
                    var (sum, last) = totals.GetValueOrDefault(checkin.Pseudonym);
                    totals[checkin.Pseudonym] = (sum + (checkin.Value ?? 0), checkin.AcceptedAt > last ? checkin.AcceptedAt : last);
                }
                // Ties go to whoever got there first, then to the pseudonym, a rule anyone can check.
                var rows = totals.OrderByDescending(t => t.Value.Total).ThenBy(t => t.Value.Last).ThenBy(t => t.Key, StringComparer.Ordinal)
                    .Take(options.TopEntrants)
                    .Select(t => new LeaderboardRow(t.Key[..12], null, t.Value.Total, null)).ToList();
                boards.Add(new ActivityLeaderboard(activity.Id!, "checkin", rows));
            }
        }
        return new Leaderboard(campaign.Id, CampaignTime.Format(now, campaign.Zone), boards);
    }
}

public sealed record LeaderboardOptions
{
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromSeconds(10);
    public int TopEntrants { get; init; } = 50;
}

public sealed record Leaderboard(string CampaignId, string CountedAt, IReadOnlyList<ActivityLeaderboard> Activities);

public sealed record ActivityLeaderboard(string ActivityId, string Kind, IReadOnlyList<LeaderboardRow> Rows);

/// <summary>A candidate (id and name) or an entrant (pseudonym prefix, never a name) with their total and today's figure.</summary>
public sealed record LeaderboardRow(string Id, string? Name, long Total, long? Today);
