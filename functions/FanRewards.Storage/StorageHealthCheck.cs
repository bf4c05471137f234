using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FanRewards.Storage;

/// <summary>
/// Storage answers when its tables exist (created on the first call) and one row of the campaigns table can be read.
/// Registered with the host's health checks (<c>AddFanRewardsStorage</c>); <c>GET /api/health</c> reports it.
/// </summary>
public sealed class StorageHealthCheck(StorageTables tables) : IHealthCheck
{
    public const string Name = "storage";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await tables.EnsureCreatedAsync(cancellationToken);
            await foreach (var _ in tables.Campaigns.QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken)
                               .AsPages(pageSizeHint: 1))
            {
                break;
            }

            return HealthCheckResult.Healthy("The tables answer.");
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.", e);
        }
    }
}
