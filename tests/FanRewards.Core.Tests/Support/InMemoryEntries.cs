using FanRewards.Core.Entries;
using Moq;

namespace FanRewards.Core.Tests.Support;

/// <summary>An <see cref="IEntryStore"/> mock backed by a dictionary, with storage's insert and ETag semantics.</summary>
internal sealed class InMemoryEntries
{
    private int _version;
    public Dictionary<(int Bucket, string RowKey), EntryRecord> Rows { get; } = [];
    public Mock<IEntryStore> Mock { get; } = new(MockBehavior.Strict);

    public InMemoryEntries()
    {
        Mock.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, int bucket, string rowKey, CancellationToken _) => Task.FromResult(Rows.GetValueOrDefault((bucket, rowKey))));
        Mock.Setup(s => s.TryInsertAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()))
            .Returns((EntryRecord entry, CancellationToken _) => Task.FromResult(Insert(entry)));
        Mock.Setup(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()))
            .Returns((EntryRecord entry, CancellationToken _) => Task.FromResult(Replace(entry)));
        Mock.Setup(s => s.ListForEntrantAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns((string campaignId, int bucket, string pseudonym, IEnumerable<string> activityIds, CancellationToken _) =>
                Task.FromResult<IReadOnlyList<EntryRecord>>(Rows.Values
                    .Where(e => e.CampaignId == campaignId && e.Bucket == bucket && e.Pseudonym == pseudonym && activityIds.Contains(e.ActivityId))
                    .OrderBy(e => e.RowKey, StringComparer.Ordinal).ToList()));
    }

    public string NextETag() => $"v{++_version}";

    public string? Insert(EntryRecord entry)
    {
        if (Rows.ContainsKey((entry.Bucket, entry.RowKey))) return null;
        var etag = NextETag();
        Rows[(entry.Bucket, entry.RowKey)] = entry with { ETag = etag };
        return etag;
    }

    public string? Replace(EntryRecord entry)
    {
        if (!Rows.TryGetValue((entry.Bucket, entry.RowKey), out var current) || current.ETag != entry.ETag) return null;
        var etag = NextETag();
        Rows[(entry.Bucket, entry.RowKey)] = entry with { ETag = etag };
        return etag;
    }

    public void VerifyNoWrites()
    {
        Mock.Verify(s => s.TryInsertAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()), Times.Never);
        Mock.Verify(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
