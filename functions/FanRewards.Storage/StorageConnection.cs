using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace FanRewards.Storage;

/// <summary>
/// How the app reaches storage, read the way the Functions host reads its own <c>AzureWebJobsStorage</c> connection:
/// a connection string (Azurite, the DevHost, tests) when <c>AzureWebJobsStorage</c> is set, otherwise the service
/// URIs <c>AzureWebJobsStorage:tableServiceUri</c> / <c>:queueServiceUri</c> with a <see cref="DefaultAzureCredential"/>
/// for the user-assigned managed identity named by <c>AzureWebJobsStorage:clientId</c> (Azure; infra/app/api.bicep).
/// </summary>
public sealed class StorageConnection
{
    private readonly Lazy<TokenCredential> _credential;

    private StorageConnection(string? connectionString, Uri? tableServiceUri, Uri? queueServiceUri, string? clientId)
    {
        ConnectionString = connectionString;
        TableServiceUri = tableServiceUri;
        QueueServiceUri = queueServiceUri;
        ManagedIdentityClientId = clientId;
        _credential = new(() => CreateCredential(clientId));
    }

    public string? ConnectionString { get; }
    public Uri? TableServiceUri { get; }
    public Uri? QueueServiceUri { get; }
    public string? ManagedIdentityClientId { get; }

    /// <summary>The identity the app uses for every Azure client configured by URI (storage, Service Bus).</summary>
    public TokenCredential Credential => _credential.Value;

    public static StorageConnection From(IConfiguration configuration) => new(
        Blank(configuration[StorageSettingNames.Connection]),
        UriOrNull(configuration, StorageSettingNames.TableServiceUri),
        UriOrNull(configuration, StorageSettingNames.QueueServiceUri),
        Blank(configuration[StorageSettingNames.ClientId]));

    public TableServiceClient CreateTableServiceClient() =>
        ConnectionString is not null ? new TableServiceClient(ConnectionString)
        : new TableServiceClient(TableServiceUri ?? throw Missing(StorageSettingNames.TableServiceUri), Credential);

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        ConnectionString is not null ? new QueueServiceClient(ConnectionString, options)
        : new QueueServiceClient(QueueServiceUri ?? throw Missing(StorageSettingNames.QueueServiceUri), Credential, options);

    /// <summary>DefaultAzureCredential, pinned to the user-assigned identity when its client id is configured.</summary>
    public static TokenCredential CreateCredential(string? managedIdentityClientId)
    {
        var options = new DefaultAzureCredentialOptions();
        if (managedIdentityClientId is not null) options.ManagedIdentityClientId = managedIdentityClientId;
        return new DefaultAzureCredential(options);
    }

    private static Uri? UriOrNull(IConfiguration configuration, string key)
    {
        if (Blank(configuration[key]) is not { } value) return null;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"Configuration '{key}' is not an absolute URI.");
    }

    private static InvalidOperationException Missing(string uriSetting) => new(
        $"Storage is not configured: set '{StorageSettingNames.Connection}' (a connection string) or '{uriSetting}' " +
        $"(with a managed identity, '{StorageSettingNames.ClientId}').");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
