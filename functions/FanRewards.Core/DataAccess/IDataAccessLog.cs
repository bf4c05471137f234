namespace FanRewards.Core.DataAccess;

/// <summary>Where personal-data access is recorded, per campaign.</summary>
public interface IDataAccessLog
{
    Task WriteAsync(DataAccessRecord record, CancellationToken ct);

    /// <summary>The campaign's records, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<DataAccessRecord>> ListAsync(string campaignId, int max, CancellationToken ct);
}
