namespace FanRewards.Storage;

/// <summary>
/// The configuration keys the storage layer reads, in .NET's <c>Section:Key</c> form. The Function App lists them
/// among its own (AppSettingNames), which a test compares with the app settings in infra/.
/// </summary>
public static class StorageSettingNames
{
    /// <summary>A connection string (Azurite, the DevHost, tests): the Functions host reads the same key for its own storage.</summary>
    public const string Connection = "AzureWebJobsStorage";
    public const string TableServiceUri = "AzureWebJobsStorage:tableServiceUri";
    public const string QueueServiceUri = "AzureWebJobsStorage:queueServiceUri";
    /// <summary>Client id of the user-assigned managed identity; also used for Service Bus.</summary>
    public const string ClientId = "AzureWebJobsStorage:clientId";
    /// <summary>Prefixes every table name, so that several stores can share one account (tests, environments).</summary>
    public const string TablePrefix = "FanRewards:TablePrefix";
}
