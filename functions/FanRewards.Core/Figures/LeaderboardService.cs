using System.Collections.Concurrent;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;

namespace FanRewards.Core.Figures;

/// <summary>
/// Like counts and check-in totals from the tallies the figure flush keeps (<see cref="EntryFigures"/>), never a
/// recount: a read costs two small range queries per like activity and one point read per check-in activity, however
/// many entries there are. The tallies lag by up to one flush, and an instance that dies loses its unflushed part (see
/// docs/SCALE.md). Results are cached for a few seconds, so a burst of readers causes one read per instance.
/// </summary>
public sealed class LeaderboardService(PublicCampaignCatalog catalog, IFigureStore figures, TimeProvider clock, LeaderboardOptions options)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset ExpiresAt, Lazy<Task<Leaderboard>> Tally)> _cache = new(StringComparer.Ordinal);

    public async Task<Leaderboard> GetAsync(string campaignId, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(campaign.Id, out var cached) || cached.ExpiresAt <= now || cached.Tally.Value.IsFaulted)
        {
            var fresh = (now + options.TimeToLive, new Lazy<Task<Leaderboard>>(() => ReadAsync(campaign, now, CancellationToken.None)));
            cached = _cache.AddOrUpdate(campaign.Id, fresh, (_, existing) =>
                existing.ExpiresAt > now && !existing.Tally.Value.IsFaulted ? existing : fresh);
        }
        return await cached.Tally.Value.WaitAsync(ct);
    }

    private async Task<Leaderboard> ReadAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var boards = new List<ActivityLeaderboard>();
        foreach (var activity in campaign.Model.Activities)
        {
            if (activity is LikeActivity likes)
            {
                var total = (await figures.ReadBoardAsync(campaign.Id, likes.Id, null, ct))
                    .ToDictionary(c => c.CandidateId, c => c.Count, StringComparer.Ordinal);
                // Likes once per campaign have no day; daily likes count today's in the campaign's own zone.
                var onDay = likes.LikesPer == LikesPer.Campaign
                    ? new Dictionary<string, long>(StringComparer.Ordinal)
                    : (await figures.ReadBoardAsync(campaign.Id, likes.Id, CampaignTime.LocalDay(now, campaign.Zone), ct))
                    .ToDictionary(c => c.CandidateId, c => c.Count, StringComparer.Ordinal);
                var rows = likes.Candidates
                    .Select(c => new LeaderboardRow(c.Id, c.Name, total.GetValueOrDefault(c.Id), onDay.GetValueOrDefault(c.Id)))
                    .OrderByDescending(r => r.Total).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
                boards.Add(new ActivityLeaderboard(likes.Id, ActivityKind.Like, rows));
            }
            else if (activity is CheckinActivity checkins)
            {
                var rows = EntrantTotal.Ranked(await figures.ReadTopEntrantsAsync(campaign.Id, checkins.Id, ct))
                    .Take(options.TopEntrants)
                    .Select(t => new LeaderboardRow(t.Pseudonym[..12], null, t.Total, null)).ToList();
                boards.Add(new ActivityLeaderboard(checkins.Id, ActivityKind.Checkin, rows));
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

public sealed record ActivityLeaderboard(string ActivityId, ActivityKind Kind, IReadOnlyList<LeaderboardRow> Rows);

/// <summary>A candidate (id and name) or an entrant (pseudonym prefix, never a name) with their total and today's figure.</summary>
public sealed record LeaderboardRow(string Id, string? Name, long Total, long? Today);
