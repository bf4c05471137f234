using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FanRewards.Testing;

/// <summary>
/// Counts the requests a storage client sends (add it with <c>options.AddPolicy(counter, HttpPipelinePosition.PerCall)</c>):
/// GETs are reads, everything else a write; a batch transaction is one write (and one of <see cref="Transactions"/>).
/// Tests use it to show what a path costs; <see cref="Snapshot"/> says which table each request went to, and
/// <see cref="RowsRead"/> how many entities the reads brought back (a query page of 1,000 rows is one request).
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<(string Method, string Path)> _seen = new();
    private int _reads;
    private int _writes;
    private int _transactions;
    private readonly ConcurrentQueue<string> _transactionTables = new();
    private int _rowsRead;
    public int Reads => Volatile.Read(ref _reads);
    public int Writes => Volatile.Read(ref _writes);
    public int Transactions => Volatile.Read(ref _transactions);
    /// <summary>Entities in the answers to reads: a point read's one, a query page's every row.</summary>
    public int RowsRead => Volatile.Read(ref _rowsRead);

    public void Reset()
    {
        (_reads, _writes, _transactions, _rowsRead) = (0, 0, 0, 0);
        _seen.Clear();
        _transactionTables.Clear();
    }

    /// <summary>Every request since the last reset: its method and path (the path names the table).</summary>
    public List<(string Method, string Path)> Snapshot() => [.. _seen];

    /// <summary>Reads of one table (its name as the store names it, prefix included or not: the path ends in "Name(").</summary>
    public int ReadsOf(string table) => _seen.Count(r => r.Method == "GET" && r.Path.Contains(table + "(", StringComparison.Ordinal));

    /// <summary>Transactions per table, "table=count" joined: what a test prints when a count surprises it.</summary>
    public string TransactionsByTable() => string.Join(",", _transactionTables.GroupBy(t => t).Select(g => $"{g.Key}={g.Count()}"));

    /// <summary>
    /// Transactions that wrote to one table (a transaction's path names no table: its body does). Entries leave in
    /// transactions when inserts meet in a bucket, so a test of another table's cost leaves them out with this.
    /// </summary>
    public int TransactionsOf(string table) => _transactionTables.Count(t => t.EndsWith(table, StringComparison.Ordinal));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
        CountRows(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        await ProcessNextAsync(message, pipeline);
        CountRows(message);
    }

    /// <summary>A query answers {"value":[rows]}, a point read the entity itself (responses are buffered by then).</summary>
    private void CountRows(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get || !message.HasResponse || message.Response.Status != 200) return;
        try
        {
            using var body = JsonDocument.Parse(message.Response.Content.ToMemory());
            var rows = body.RootElement.ValueKind != JsonValueKind.Object ? 0
                : body.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength()
                : body.RootElement.TryGetProperty("PartitionKey", out _) ? 1 : 0;
            Interlocked.Add(ref _rowsRead, rows);
        }
        catch (JsonException)
        {
            // Not an entity answer (a table listing's metadata, an error page): no rows.
        }
    }

    private void Count(HttpMessage message)
    {
        var path = message.Request.Uri.Path;
        _seen.Enqueue((message.Request.Method.Method, path));
        if (message.Request.Method == RequestMethod.Get)
        {
            Interlocked.Increment(ref _reads);
            return;
        }
        Interlocked.Increment(ref _writes);
        if (!TableRequestText.IsTransaction(path)) return;
        Interlocked.Increment(ref _transactions);
        _transactionTables.Enqueue(TableRequestText.TableOfTransaction(TableRequestText.BodyOf(message.Request.Content)));
    }
}
