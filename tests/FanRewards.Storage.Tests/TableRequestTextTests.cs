using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace FanRewards.Storage.Tests;

/// <summary>
/// What the request counters read of a Table request (TableRequestText: the tests' StorageRequestCounter and the load
/// driver's counters compile the same file), on real requests to Azurite: a transaction names its table in its body and
/// writes as many entities as it has operations; a plain request names its table in its path.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableRequestTextTests(AzuriteFixture azurite)
{
    [Fact]
    public void A_path_names_the_table_after_the_account()
    {
        // Azurite's paths: an entity, a query, a table, the table listing, a transaction.
        var paths = new[] { "Entries(PartitionKey='a',RowKey='b')", "Entries()", "Entries", "Tables('Entries')", "$batch" };

        Assert.Equal(["Entries", "Entries", "Entries", "Tables", "$batch"], paths.Select(p => TableRequestText.TableOfPath("/devstoreaccount1/" + p)));
    }

    [Fact]
    public async Task A_transaction_is_counted_for_the_table_its_operations_name_and_writes_one_entity_per_operation()
    {
        // Both policies on both tables' clients: the counter under test, and what was sent, to read it back.
        var (counter, seen, options) = (new StorageRequestCounter(), new SeenRequests(), new TableClientOptions());
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        options.AddPolicy(seen, HttpPipelinePosition.PerCall);
        var (batched, plain) = (new TableClient(azurite.ConnectionString, StorageNames.Unique("txnamed"), options),
            new TableClient(azurite.ConnectionString, StorageNames.Unique("plainnamed"), options));
        await Task.WhenAll(batched.CreateIfNotExistsAsync(), plain.CreateIfNotExistsAsync());
        counter.Reset();
        seen.Clear();

        await batched.SubmitTransactionAsync(Enumerable.Range(0, 3).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}") { ["Weight"] = i })));
        await plain.AddEntityAsync(new TableEntity("p", "alone"));

        Assert.Equal((1, 0, $"{batched.Name}=1"), (counter.TransactionsOf(batched.Name), counter.TransactionsOf(plain.Name), counter.TransactionsByTable()));
        var transaction = Assert.Single(seen.All, r => TableRequestText.IsTransaction(r.Path));
        Assert.Equal(("$batch", batched.Name, 3), (TableRequestText.TableOfPath(transaction.Path), TableRequestText.TableOfTransaction(transaction.Body),
            TableRequestText.OperationsOf(transaction.Body)));
        var insert = Assert.Single(seen.All, r => !TableRequestText.IsTransaction(r.Path));
        Assert.Equal((plain.Name, 0), (TableRequestText.TableOfPath(insert.Path), TableRequestText.OperationsOf(insert.Body)));
    }

    /// <summary>Every request's path and body as sent.</summary>
    private sealed class SeenRequests : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<(string Path, string Body)> _seen = new();

        public void Clear() => _seen.Clear();

        public override void OnSendingRequest(HttpMessage message) =>
            _seen.Enqueue((message.Request.Uri.Path, TableRequestText.BodyOf(message.Request.Content)));

        public List<(string Path, string Body)> All => [.. _seen];
    }
}
