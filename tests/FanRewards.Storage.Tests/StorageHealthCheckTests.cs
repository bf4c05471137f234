using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Moq;

namespace FanRewards.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class StorageHealthCheckTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Storage_that_answers_is_healthy_and_its_tables_exist_after_the_check()
    {
        var prefix = StorageNames.Unique("health");
        var service = new TableServiceClient(azurite.ConnectionString);

        var result = await new StorageHealthCheck(new StorageTables(service, prefix)).CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        var created = new List<string>();
        await foreach (var table in service.QueryAsync(t => t.Name == prefix + StorageTables.CampaignsName)) created.Add(table.Name);
        Assert.Single(created);
    }

    [Fact]
    public async Task Storage_that_cannot_be_reached_is_unhealthy_with_the_failure()
    {
        var service = new Mock<TableServiceClient>();
        service.Setup(s => s.CreateTableIfNotExistsAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "down"));

        var result = await new StorageHealthCheck(new StorageTables(service.Object)).CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.IsType<RequestFailedException>(result.Exception);
    }
}
