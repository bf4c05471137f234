using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Awards;

namespace FanRewards.Storage;

/// <summary>
/// A prize's voucher codes in one partition of Vouchers ("{campaignId}:{prizeId}"):
/// <list type="bullet">
/// <item>a row per code (RK the code; Issued, IssuedTo, IssuedAt once issued);</item>
/// <item>a row per award holding a code (RK "~award:{awardId}", Code).</item>
/// </list>
/// Issuing is one transaction: the code's row updated under the ETag it was read with (so a code goes to one award)
/// and the award's row inserted (so an award gets one code). '~' sorts after every character a code may hold, so
/// "RowKey lt '~'" reads the codes alone.
/// </summary>
public sealed class TableVoucherStore(StorageTables tables, TimeProvider clock) : IVoucherStore
{
    private const string AwardPrefix = "~award:";
    private const string CodesEnd = "~";
    /// <summary>Free codes read per refill of an instance's candidate pool.</summary>
    private const int PoolPage = 200;
    private const int UploadParallelism = 8;
    private const string CodeChars = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    private readonly ConcurrentDictionary<string, CandidatePool> _pools = new(StringComparer.Ordinal);

    private TableClient Table => tables.Vouchers;

    public static string Partition(string campaignId, string prizeId) => $"{campaignId}:{prizeId}";

    public async Task<VoucherUploadResult> AddAsync(string campaignId, string prizeId, IReadOnlyList<string> codes, CancellationToken ct)
    {
        var partition = Partition(campaignId, prizeId);
        var distinct = codes.Distinct(StringComparer.Ordinal).ToList();

        var existing = new HashSet<string>(StringComparer.Ordinal);
        var issued = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(CodesFilter(partition), maxPerPage: 1000,
                           select: [nameof(TableEntity.RowKey), "Issued"], cancellationToken: ct))
        {
            existing.Add(row.RowKey);
            if (row.GetBoolean("Issued") == true) issued++;
        }

        var fresh = distinct.Where(c => !existing.Contains(c)).ToList();
        var added = 0;
        var raced = 0;
        var uploadedAt = clock.GetUtcNow();
        await Parallel.ForEachAsync(fresh.Chunk(100),
            new ParallelOptions { MaxDegreeOfParallelism = UploadParallelism, CancellationToken = ct }, async (chunk, token) =>
            {
                try
                {
                    await Table.SubmitTransactionAsync(
                        chunk.Select(code => new TableTransactionAction(TableTransactionActionType.Add, NewCode(partition, code, uploadedAt))),
                        token);
                    Interlocked.Add(ref added, chunk.Length);
                }
                catch (TableTransactionFailedException e) when (e.Status == 409)
                {
                    // A concurrent upload stored some of these meanwhile: the batch wrote nothing, so add them one by one.
                    foreach (var code in chunk)
                    {
                        try
                        {
                            await Table.AddEntityAsync(NewCode(partition, code, uploadedAt), token);
                            Interlocked.Increment(ref added);
                        }
                        catch (RequestFailedException one) when (one.Status == 409)
                        {
                            Interlocked.Increment(ref raced);
                        }
                    }
                }
            });

        var total = existing.Count + added + raced;
        return new VoucherUploadResult(codes.Count, distinct.Count, added, distinct.Count - added, total, total - issued);
    }

    public async Task<string?> IssueAsync(string campaignId, string prizeId, string awardId, CancellationToken ct)
    {
        RequireRowKeySafe(awardId);
        var partition = Partition(campaignId, prizeId);
        // No read first: an award that holds a code already fails the transaction below (its row is there), and
        // only then is its code read. A fresh award, the first-come burst's case, costs the one transaction.
        var pool = _pools.GetOrAdd(partition, _ => new CandidatePool());
        while (true)
        {
            var candidate = await NextCandidateAsync(pool, partition, ct);
            if (candidate is null)
                // No free code; but a concurrent call for the same award may have got one, which is then this award's.
                return await IssuedCodeAsync(partition, awardId, ct);

            var (code, etag) = candidate.Value;
            var now = clock.GetUtcNow();
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                        new TableEntity(partition, code) { ["Issued"] = true, ["IssuedTo"] = awardId, ["IssuedAt"] = now }, etag),
                    new TableTransactionAction(TableTransactionActionType.Add,
                        new TableEntity(partition, AwardPrefix + awardId) { ["Code"] = code, ["IssuedAt"] = now }),
                ], ct);
                return code;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // Either the code was taken (its ETag moved on) or this award got a code from a concurrent call; the
                // award's row tells which, without trusting the failed action's index.
                if (await IssuedCodeAsync(partition, awardId, ct) is { } other)
                {
                    if (other != code) pool.Return(candidate.Value); // the transaction wrote nothing: this code is still free
                    return other;
                }
                // Another instance issued the code: this instance's pool is stale (every instance may hold the same
                // codes), so it is read afresh rather than tried code by code, one failed transaction each.
                pool.Clear();
            }
        }
    }

    public async Task<VoucherCounts> CountAsync(string campaignId, string prizeId, CancellationToken ct)
    {
        int total = 0, issued = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(CodesFilter(Partition(campaignId, prizeId)), maxPerPage: 1000,
                           select: ["Issued"], cancellationToken: ct))
        {
            total++;
            if (row.GetBoolean("Issued") == true) issued++;
        }
        return new VoucherCounts(total, issued, total - issued);
    }

    private async Task<string?> IssuedCodeAsync(string partition, string awardId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(partition, AwardPrefix + awardId, ["Code"], ct);
        return row.HasValue ? row.Value!.GetString("Code") : null;
    }

    /// <summary>
    /// The next code to try. Callers of one instance share a pool of free codes read from a random point and shuffled,
    /// so they never try the same code, and instances rarely do; a stale candidate only costs a failed ETag check.
    /// </summary>
    private async Task<(string Code, ETag ETag)?> NextCandidateAsync(CandidatePool pool, string partition, CancellationToken ct)
    {
        if (pool.TryTake(out var candidate)) return candidate;
        await pool.Refilling.WaitAsync(ct);
        try
        {
            if (pool.TryTake(out candidate)) return candidate;
            var start = CodeChars[Random.Shared.Next(CodeChars.Length)].ToString();
            var page = await FreeCodesAsync(partition, start, CodesEnd, ct);
            if (page.Count == 0) page = await FreeCodesAsync(partition, "", start, ct);
            if (page.Count == 0) return null;
            Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(page));
            foreach (var c in page.Skip(1)) pool.Return(c);
            return page[0];
        }
        finally
        {
            pool.Refilling.Release();
        }
    }

    private async Task<List<(string Code, ETag ETag)>> FreeCodesAsync(string partition, string from, string to, CancellationToken ct)
    {
        var page = new List<(string, ETag)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to} and Issued eq false");
        // A filtered query may answer with empty pages and a continuation; read on until a page's worth is found.
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: PoolPage, select: [nameof(TableEntity.RowKey)],
                           cancellationToken: ct))
        {
            page.Add((row.RowKey, row.ETag));
            if (page.Count >= PoolPage) break;
        }
        return page;
    }

    private static string CodesFilter(string partition) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {CodesEnd}");

    private static TableEntity NewCode(string partition, string code, DateTimeOffset uploadedAt) =>
        new(partition, code) { ["Issued"] = false, ["UploadedAt"] = uploadedAt };

    private static void RequireRowKeySafe(string awardId)
    {
        if (string.IsNullOrEmpty(awardId) || awardId.Length > 512 ||
            awardId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException("An award id must be 1 to 512 characters without / \\ # ? or control characters.", nameof(awardId));
        }
    }

    private sealed class CandidatePool
    {
        private readonly ConcurrentQueue<(string Code, ETag ETag)> _queue = new();
        public SemaphoreSlim Refilling { get; } = new(1, 1);
        public bool TryTake(out (string Code, ETag ETag) candidate) => _queue.TryDequeue(out candidate);
        public void Return((string Code, ETag ETag) candidate) => _queue.Enqueue(candidate);
        public void Clear() => _queue.Clear();
    }
}
