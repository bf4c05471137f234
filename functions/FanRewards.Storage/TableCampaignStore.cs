using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Json;

namespace FanRewards.Storage;

/// <summary>
/// Campaigns in Table Storage. The settings row (Campaigns, PK "campaign", RK id) is the single point of truth and
/// carries the ETag every edit is guarded by. Riddles, candidates and prizes live in CampaignItems under a revision
/// named by the settings row, so a bulk replace of any size becomes visible at once, when the settings row flips to
/// the new revision; a writer that dies half-way leaves only unreferenced rows, removed by the next replace.
/// The settings row also carries the audit entry of the change that wrote it, so a change and its audit record are
/// one storage operation; the entry is copied into the Audit table right after, and again before the next change or
/// audit read, so that a crash in between loses nothing.
/// </summary>
public sealed class TableCampaignStore(StorageTables tables) : ICampaignStore
{
    private const string CampaignPartition = "campaign";

    /// <summary>The campaign's secret pseudonym key, binary; absent for drafts and campaigns published before Trust v2.</summary>
    private const string PseudonymKeyColumn = "PseudonymKey";

    public async Task<StoredCampaign?> FindAsync(string campaignId, CancellationToken ct)
    {
        var row = await tables.Campaigns.GetEntityIfExistsAsync<TableEntity>(CampaignPartition, campaignId, cancellationToken: ct);
        if (!row.HasValue) return null;
        var entity = row.Value!;
        var campaign = ToCampaign(entity);
        var riddles = ReadItemsAsync<RiddleDefinition>(campaignId, ItemKind.Riddle, entity.GetString(ItemKind.Riddle.RevisionColumn), ct);
        var candidates = ReadItemsAsync<CandidateDefinition>(campaignId, ItemKind.Candidate, entity.GetString(ItemKind.Candidate.RevisionColumn), ct);
        var prizes = ReadItemsAsync<PrizeDefinition>(campaignId, ItemKind.Prize, entity.GetString(ItemKind.Prize.RevisionColumn), ct);
        return new StoredCampaign(
            campaign with { Riddles = await riddles, Candidates = await candidates, Prizes = await prizes },
            entity.ETag.ToString());
    }

    public async Task<IReadOnlyList<StoredCampaign>> ListAsync(CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {CampaignPartition}");
        var result = new List<StoredCampaign>();
        await foreach (var entity in tables.Campaigns.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            result.Add(new StoredCampaign(ToCampaign(entity), entity.ETag.ToString()));
        return result;
    }

    public async Task<StoredCampaign> CreateAsync(Campaign campaign, AuditEntry audit, CancellationToken ct)
    {
        var entity = ToEntity(campaign, audit, revisions: null);
        try
        {
            var response = await tables.Campaigns.AddEntityAsync(entity, ct);
            await CopyAuditAsync(entity, ct);
            return new StoredCampaign(campaign, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new CampaignAlreadyExistsException(campaign.Id);
        }
    }

    public async Task<StoredCampaign> SaveAsync(Campaign campaign, string etag, CampaignItemKinds changedItems, AuditEntry audit,
        CancellationToken ct)
    {
        var current = await tables.Campaigns.GetEntityIfExistsAsync<TableEntity>(CampaignPartition, campaign.Id, cancellationToken: ct);
        if (!current.HasValue || current.Value!.ETag.ToString() != etag) throw new EditConflictException(campaign.Id);
        await CopyAuditAsync(current.Value, ct);

        var revisions = ItemKind.All.ToDictionary(k => k, string? (k) => current.Value.GetString(k.RevisionColumn));
        foreach (var kind in ItemKind.All.Where(k => changedItems.HasFlag(k.Flag)))
        {
            var revision = NewRevision();
            await WriteItemsAsync(campaign.Id, kind, revision, kind.ItemsOf(campaign), ct);
            revisions[kind] = revision;
        }

        var entity = ToEntity(campaign, audit, revisions);
        Response response;
        try
        {
            response = await tables.Campaigns.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new EditConflictException(campaign.Id);
        }
        await CopyAuditAsync(entity, ct);
        foreach (var kind in ItemKind.All.Where(k => changedItems.HasFlag(k.Flag)))
            await DeleteOtherRevisionsAsync(campaign.Id, kind, revisions[kind]!, ct);
        return new StoredCampaign(campaign, response.Headers.ETag!.Value.ToString());
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string campaignId, int max, CancellationToken ct)
    {
        var current = await tables.Campaigns.GetEntityIfExistsAsync<TableEntity>(CampaignPartition, campaignId, cancellationToken: ct);
        if (current.HasValue) await CopyAuditAsync(current.Value!, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}");
        var result = new List<AuditEntry>();
        await foreach (var row in tables.Audit.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            result.Add(AuditRows.FromRow(campaignId, row));
            if (result.Count == max) break;
        }
        return result;
    }

    private async Task CopyAuditAsync(TableEntity settings, CancellationToken ct)
    {
        if (settings.GetString("LastAudit") is not { } json) return;
        var pending = JsonSerializer.Deserialize<PendingAudit>(json, FanRewardsJson.Options)!;
        // Newest first in a partition scan: invert the time. The id makes the copy idempotent.
        var rowKey = $"{DateTimeOffset.MaxValue.UtcTicks - pending.At.UtcTicks:D19}-{pending.Id}";
        var row = AuditRows.ToRow(settings.RowKey, rowKey, new AuditEntry(settings.RowKey, pending.At, pending.Actor, pending.Action, pending.Summary)
        {
            // A pending entry written before codes has none; one from before admins signed in as themselves has no id.
            ActorId = pending.ActorId,
            Code = pending.Code ?? AuditCodes.ForLegacyAction(pending.Action),
            Args = pending.Args ?? AuditCodes.NoArgs,
        });
        await tables.Audit.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }

    private async Task<IReadOnlyList<T>> ReadItemsAsync<T>(string campaignId, ItemKind kind, string? revision, CancellationToken ct)
    {
        if (revision is null) return [];
        var prefix = $"{kind.Prefix}:{revision}:";
        var upper = $"{kind.Prefix}:{revision};"; // ';' sorts right after ':', so this bounds exactly the prefix
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {prefix} and RowKey lt {upper}");
        var items = new List<(int Order, T Item)>();
        await foreach (var row in tables.CampaignItems.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            items.Add((row.GetInt32("Order")!.Value, JsonSerializer.Deserialize<T>(row.GetString("Data"), FanRewardsJson.Options)!));
        return items.OrderBy(i => i.Order).Select(i => i.Item).ToList();
    }

    private async Task WriteItemsAsync(string campaignId, ItemKind kind, string revision, IReadOnlyList<object> items, CancellationToken ct)
    {
        var actions = items.Select((item, order) => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity(campaignId, $"{kind.Prefix}:{revision}:{kind.IdOf(item)}")
            {
                ["Order"] = order,
                ["Data"] = JsonSerializer.Serialize(item, item.GetType(), FanRewardsJson.Options),
            }));
        await StorageTables.SubmitInBatchesAsync(tables.CampaignItems, actions, ct);
    }

    private async Task DeleteOtherRevisionsAsync(string campaignId, ItemKind kind, string keep, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {campaignId} and RowKey ge {kind.Prefix + ":"} and RowKey lt {kind.Prefix + ";"}");
        var stale = new List<TableTransactionAction>();
        await foreach (var row in tables.CampaignItems.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            if (!row.RowKey.StartsWith($"{kind.Prefix}:{keep}:", StringComparison.Ordinal))
                stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        }

        await StorageTables.SubmitInBatchesAsync(tables.CampaignItems, stale, ct);
    }

    private static TableEntity ToEntity(Campaign c, AuditEntry audit, IReadOnlyDictionary<ItemKind, string?>? revisions)
    {
        var entity = new TableEntity(CampaignPartition, c.Id)
        {
            ["Definition"] = JsonSerializer.Serialize(c.Definition, FanRewardsJson.Options),
            ["Lifecycle"] = c.Lifecycle.ToString(),
            ["CreatedAt"] = c.CreatedAt,
            ["UpdatedAt"] = c.UpdatedAt,
            ["Version"] = c.Version,
            ["EntryBuckets"] = c.EntryBuckets,
            ["DrawCommitments"] = JsonSerializer.Serialize(c.DrawCommitments, FanRewardsJson.Options),
            ["LastAudit"] = JsonSerializer.Serialize(
                new PendingAudit(Guid.NewGuid().ToString("N"), audit.At, audit.Actor, audit.Action, audit.Summary, audit.Code, audit.Args)
                {
                    ActorId = audit.ActorId,
                },
                FanRewardsJson.Options),
        };
        // Table Storage has no null: an absent property is how "not yet" is stored.
        if (c.PublishedAt is { } published) entity["PublishedAt"] = published;
        if (c.ClosedAt is { } closed) entity["ClosedAt"] = closed;
        if (c.DrawnAt is { } drawn) entity["DrawnAt"] = drawn;
        if (c.ArchivedAt is { } archived) entity["ArchivedAt"] = archived;
        if (c.PseudonymKey is { } key) entity[PseudonymKeyColumn] = key.Bytes().ToArray();
        foreach (var kind in ItemKind.All)
            if (revisions?.GetValueOrDefault(kind) is { } revision) entity[kind.RevisionColumn] = revision;
        return entity;
    }

    private static Campaign ToCampaign(TableEntity e) => new()
    {
        Definition = JsonSerializer.Deserialize<CampaignDefinition>(e.GetString("Definition"), FanRewardsJson.Options)!,
        Lifecycle = Enum.Parse<CampaignLifecycle>(e.GetString("Lifecycle")),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt")!.Value,
        Version = e.GetInt32("Version") ?? 0,
        PublishedAt = e.GetDateTimeOffset("PublishedAt"),
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        DrawnAt = e.GetDateTimeOffset("DrawnAt"),
        ArchivedAt = e.GetDateTimeOffset("ArchivedAt"),
        EntryBuckets = e.GetInt32("EntryBuckets") ?? Campaign.DefaultEntryBuckets,
        DrawCommitments = e.GetString("DrawCommitments") is { } commitments
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(commitments, FanRewardsJson.Options)!
            : [],
        PseudonymKey = e.GetBinary(PseudonymKeyColumn) is { } key ? PseudonymKey.FromBytes(key) : null,
    };

    private static string NewRevision() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private sealed record PendingAudit(string Id, DateTimeOffset At, string Actor, string Action, string Summary, string? Code,
        IReadOnlyDictionary<string, string>? Args)
    {
        /// <summary>Absent in audits pending from before admins signed in as themselves.</summary>
        public string? ActorId { get; init; }
    }

    private sealed record ItemKind(string Prefix, string RevisionColumn, CampaignItemKinds Flag,
        Func<Campaign, IReadOnlyList<object>> ItemsOf, Func<object, string> IdOf)
    {
        public static readonly ItemKind Riddle = new("riddle", "RiddlesRevision", CampaignItemKinds.Riddles,
            c => c.Riddles, i => ((RiddleDefinition)i).Id!);
        public static readonly ItemKind Candidate = new("candidate", "CandidatesRevision", CampaignItemKinds.Candidates,
            c => c.Candidates, i => ((CandidateDefinition)i).Id!);
        public static readonly ItemKind Prize = new("prize", "PrizesRevision", CampaignItemKinds.Prizes,
            c => c.Prizes, i => ((PrizeDefinition)i).Id!);
        public static readonly ItemKind[] All = [Riddle, Candidate, Prize];
    }
}
