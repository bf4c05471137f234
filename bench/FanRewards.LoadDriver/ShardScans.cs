using System.Net.Http.Json;
using System.Text.Json;

namespace FanRewards.LoadDriver;

/// <summary>
/// A draw's shard scans from the DevHost's metrics (fanrewards.draw.shards by phase): started = completed = shards
/// means no shard was scanned twice; a started scan more than completed ones is a worker that died mid-scan.
/// </summary>
internal static class ShardScans
{
    public static async Task<(double Started, double Completed)> ReadAsync(HttpClient http, string campaignId)
    {
        var metrics = await http.GetFromJsonAsync<JsonElement>("api/manage/metrics");
        double started = 0, completed = 0;
        foreach (var instrument in metrics.GetProperty("instruments").EnumerateArray())
        {
            if (instrument.GetProperty("name").GetString() != "fanrewards.draw.shards") continue;
            foreach (var series in instrument.GetProperty("series").EnumerateArray())
            {
                var tags = series.GetProperty("tags");
                if (!tags.TryGetProperty("campaign", out var campaign) || campaign.GetString() != campaignId) continue;
                var value = series.GetProperty("value").GetDouble();
                switch (tags.TryGetProperty("phase", out var phase) ? phase.GetString() : null)
                {
                    case "started": started += value; break;
                    case "completed": completed += value; break;
                }
            }
        }
        return (started, completed);
    }
}
