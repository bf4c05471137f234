using Azure;
using Azure.Data.Tables;

namespace FanRewards.Storage;

/// <summary>
/// The tables FanRewards keeps its state in (docs/ARCHITECTURE.md, "Tables and their keys"). A name prefix lets several independent
/// stores share one storage account: tests use it for isolation, and so could two environments.
/// </summary>
public sealed class StorageTables(TableServiceClient service, string namePrefix = "")
{
    public const string CampaignsName = "Campaigns";
    public const string CampaignItemsName = "CampaignItems";
    public const string AuditName = "Audit";
    public const string EntriesName = "Entries";
    public const string CampaignStateName = "CampaignState";
    public const string DrawsName = "Draws";
    public const string DrawEntriesName = "DrawEntries";
    public const string DrawShardsName = "DrawShards";
    public const string DrawResultsName = "DrawResults";
    public const string AwardsName = "Awards";
    public const string VouchersName = "Vouchers";
    public const string ClaimContactsName = "ClaimContacts";
    public const string DueWorkName = "DueWork";

    /// <summary>Every table, in one list: the clients below are taken from it and <see cref="EnsureCreatedAsync"/> creates it.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        CampaignsName, CampaignItemsName, AuditName, EntriesName, CampaignStateName, DrawsName, DrawEntriesName,
        DrawShardsName, DrawResultsName, AwardsName, VouchersName, ClaimContactsName, DueWorkName,
    ];

    private readonly Dictionary<string, TableClient> _clients =
        Names.ToDictionary(name => name, name => service.GetTableClient(namePrefix + name), StringComparer.Ordinal);

    public TableClient Campaigns => _clients[CampaignsName];
    public TableClient CampaignItems => _clients[CampaignItemsName];
    public TableClient Audit => _clients[AuditName];
    public TableClient Entries => _clients[EntriesName];
    /// <summary>Per-campaign state that is neither settings nor an entry: seats, tallies, disqualifications.</summary>
    public TableClient CampaignState => _clients[CampaignStateName];
    /// <summary>One row per draw (PK campaignId, RK drawId): its state machine and its secret seed.</summary>
    public TableClient Draws => _clients[DrawsName];
    /// <summary>The eligible entry set of a draw, one partition per shard ("{campaignId}:{drawId}:{bucket}"), RK pseudonym.</summary>
    public TableClient DrawEntries => _clients[DrawEntriesName];
    /// <summary>Each shard's best k+m and its done marker, one partition per shard.</summary>
    public TableClient DrawShards => _clients[DrawShardsName];
    /// <summary>The ranking of a drawn draw (PK "{campaignId}:{drawId}", RK zero-padded rank): winners then alternates.</summary>
    public TableClient DrawResults => _clients[DrawResultsName];
    /// <summary>
    /// A campaign's awards partition (PK campaignId): "award:{awardId}" rows, "unit:{prizeId}:{n}" stock units,
    /// "winner:{pseudonym}" one-win markers and "outbox:{ticks}:{eventId}" events, written together in transactions.
    /// </summary>
    public TableClient Awards => _clients[AwardsName];
    /// <summary>Voucher codes of a prize (PK "{campaignId}:{prizeId}", RK the code) and which award holds each.</summary>
    public TableClient Vouchers => _clients[VouchersName];
    /// <summary>Winners' contact details (PK campaignId, RK awardId): apart from everything else, deleted after the retention period.</summary>
    public TableClient ClaimContacts => _clients[ClaimContactsName];
    /// <summary>The due index (PK the kind of work, RK "{dueAt ticks}|{campaignId}"): what the timers have to do, and when.</summary>
    public TableClient DueWork => _clients[DueWorkName];
    public TableServiceClient Service => service;

    private readonly OnceUntilDone _created = new(async () =>
    {
        foreach (var name in Names) await service.CreateTableIfNotExistsAsync(namePrefix + name);
    });

    /// <summary>Creates the tables once per process; concurrent callers share the creation, and a failed one is retried.</summary>
    public Task EnsureCreatedAsync(CancellationToken ct) => _created.WaitAsync(ct);

    /// <summary>Writes entities of one partition in transactions of at most 100, the Table service's limit.</summary>
    public static async Task SubmitInBatchesAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken ct)
    {
        foreach (var chunk in actions.Chunk(100)) await table.SubmitTransactionAsync(chunk, ct);
    }

    public static bool IsStatus(RequestFailedException e, int status) => e.Status == status;
}
