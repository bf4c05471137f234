using Azure;
using Azure.Data.Tables;

namespace FanRewards.Functions.Storage;

/// <summary>
/// The tables FanRewards keeps its state in (see DESIGN.md, storage sketch). A name prefix lets several independent
/// stores share one storage account: tests use it for isolation, and so could two environments.
/// </summary>
public sealed class StorageTables(TableServiceClient service, string namePrefix = "")
{
    public const string CampaignsName = "Campaigns";
    public const string CampaignItemsName = "CampaignItems";
    public const string AuditName = "Audit";
    public const string EntriesName = "Entries";
    public const string CampaignStateName = "CampaignState";

    private readonly string[] _all = [namePrefix + CampaignsName, namePrefix + CampaignItemsName, namePrefix + AuditName, namePrefix + EntriesName,
        namePrefix + CampaignStateName];

    public TableClient Campaigns { get; } = service.GetTableClient(namePrefix + CampaignsName);
    public TableClient CampaignItems { get; } = service.GetTableClient(namePrefix + CampaignItemsName);
    public TableClient Audit { get; } = service.GetTableClient(namePrefix + AuditName);
    public TableClient Entries { get; } = service.GetTableClient(namePrefix + EntriesName);
    /// <summary>Per-campaign state that is neither settings nor an entry: seats, tallies, disqualifications.</summary>
    public TableClient CampaignState { get; } = service.GetTableClient(namePrefix + CampaignStateName);
    public TableServiceClient Service => service;

    private readonly Lock _creating = new();
    private Task? _created;

    /// <summary>Creates the tables once per process; concurrent callers share the creation, and a failed one is retried.</summary>
    public Task EnsureCreatedAsync(CancellationToken ct)
    {
        lock (_creating)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled) _created = CreateAllAsync();
            return _created.WaitAsync(ct);
        }
    }

    private async Task CreateAllAsync()
    {
        foreach (var name in _all) await service.CreateTableIfNotExistsAsync(name);
    }

    /// <summary>Writes entities of one partition in transactions of at most 100, the Table service's limit.</summary>
    public static async Task SubmitInBatchesAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken ct)
    {
        foreach (var chunk in actions.Chunk(100)) await table.SubmitTransactionAsync(chunk, ct);
    }

    public static bool IsStatus(RequestFailedException e, int status) => e.Status == status;
}
