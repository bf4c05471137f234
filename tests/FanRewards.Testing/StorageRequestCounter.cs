using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FanRewards.Testing;

/// <summary>
/// Counts the requests a storage client sends (add it with <c>options.AddPolicy(counter, HttpPipelinePosition.PerCall)</c>):
/// GETs are reads, everything else a write; a batch transaction is one write (and one of <see cref="Transactions"/>).
/// Tests use it to show what a path costs; <see cref="Snapshot"/> says which table each request went to.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<(string Method, string Path)> _seen = new();
    private int _reads;
    private int _writes;
    private int _transactions;
    private readonly ConcurrentQueue<string> _transactionTables = new();
    public int Reads => Volatile.Read(ref _reads);
    public int Writes => Volatile.Read(ref _writes);
    public int Transactions => Volatile.Read(ref _transactions);

    public void Reset()
    {
        (_reads, _writes, _transactions) = (0, 0, 0);
        _seen.Clear();
        _transactionTables.Clear();
    }

    /// <summary>Every request since the last reset: its method and path (the path names the table).</summary>
    public List<(string Method, string Path)> Snapshot() => [.. _seen];

    /// <summary>Reads of one table (its name as the store names it, prefix included or not: the path ends in "Name(").</summary>
    public int ReadsOf(string table) => _seen.Count(r => r.Method == "GET" && r.Path.Contains(table + "(", StringComparison.Ordinal));

    /// <summary>
    /// Transactions that wrote to one table (a transaction's path names no table: its body does). Entries leave in
    /// transactions when inserts meet in a bucket, so a test of another table's cost leaves them out with this.
    /// </summary>
    /// <summary>Transactions per table, "table=count" joined: what a test prints when a count surprises it.</summary>
    public string TransactionsByTable() => string.Join(",", _transactionTables.GroupBy(t => t).Select(g => $"{g.Key}={g.Count()}"));

    public int TransactionsOf(string table) => _transactionTables.Count(t => t.EndsWith(table, StringComparison.Ordinal));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
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
        if (!path.EndsWith("$batch", StringComparison.Ordinal)) return;
        Interlocked.Increment(ref _transactions);
        _transactionTables.Enqueue(TableOf(message.Request.Content));
    }

    /// <summary>The table a transaction's first operation names ("…/{account}/{table}(…" or "…/{table} HTTP/1.1").</summary>
    private static string TableOf(RequestContent? content)
    {
        if (content is null) return "";
        using var body = new MemoryStream();
        content.WriteTo(body, CancellationToken.None);
        var match = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.UTF8.GetString(body.ToArray()),
            @"(?:POST|PUT|PATCH|MERGE|DELETE) \S*/([A-Za-z0-9]+)(?:\(|\?| HTTP)");
        return match.Success ? match.Groups[1].Value : "";
    }
}
