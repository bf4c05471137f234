using FanRewards.Storage;

namespace FanRewards.Functions;

/// <summary>
/// Every configuration key the Function App reads, in .NET's <c>Section:Key</c> form (an Azure app setting or an
/// environment variable writes <c>Section__Key</c>). Registration.cs, EntrantTokenOptions and ServiceBusSettings read
/// through these constants, and InfraSettingsTests compares these lists with the app settings in infra/app/api.bicep:
/// renaming a setting on one side only fails a test.
/// </summary>
public static class AppSettingNames
{
    // Storage: a connection string (Azurite, the DevHost), or service URIs with a managed identity (Azure).
    // The storage layer's own keys (StorageSettingNames), listed here with the rest.
    public const string StorageConnection = StorageSettingNames.Connection;
    public const string StorageTableServiceUri = StorageSettingNames.TableServiceUri;
    public const string StorageQueueServiceUri = StorageSettingNames.QueueServiceUri;
    /// <summary>Client id of the user-assigned managed identity; also used for Service Bus.</summary>
    public const string StorageClientId = StorageSettingNames.ClientId;
    public const string TablePrefix = StorageSettingNames.TablePrefix;

    public const string PrizeValueCapYuan = "FanRewards:PrizeValueCapYuan";
    /// <summary>Four eyes for every campaign (default false: each campaign's fourEyes decides); infra/app/api.bicep sets it true.</summary>
    public const string AlwaysFourEyes = "Approvals:AlwaysFourEyes";
    public const string CampaignCacheSeconds = "FanRewards:CampaignCacheSeconds";
    public const string LeaderboardCacheSeconds = "FanRewards:LeaderboardCacheSeconds";
    public const string FigureFlushSeconds = "FanRewards:FigureFlushSeconds";
    /// <summary>How long an instance keeps a campaign's fraud review (default 60 s).</summary>
    public const string FraudReviewCacheSeconds = "FanRewards:FraudReviewCacheSeconds";
    /// <summary>How long a draw step's lease lasts unless renewed (default 60 s), and how often a working step renews it (default a third).</summary>
    public const string DrawLeaseSeconds = "FanRewards:DrawLeaseSeconds";
    public const string DrawLeaseRenewalSeconds = "FanRewards:DrawLeaseRenewalSeconds";
    public const string SensitiveWords = "Moderation:SensitiveWords";
    public const string RateLimitPerEntrant = "RateLimits:PerEntrantPer10Seconds";
    public const string RateLimitPerIp = "RateLimits:PerIpPer10Seconds";
    /// <summary>The caller's address for the per-address limit (ClientAddressOptions): hops that trusted front ends append.</summary>
    public const string ClientAddressForwardedHops = "ClientAddress:ForwardedHops";
    /// <summary>Or a header a trusted front end sets to the caller's address.</summary>
    public const string ClientAddressHeader = "ClientAddress:Header";
    public const string DemoOpenMinutes = "DevHost:DemoOpenMinutes";

    // Public reads (section "PublicReads"): the Cache-Control max-age of public GETs, in seconds (docs/SCALE.md).
    public const string PublicCampaignMaxAgeSeconds = "PublicReads:CampaignMaxAgeSeconds";
    public const string PublicWinnersMaxAgeSeconds = "PublicReads:WinnersMaxAgeSeconds";
    public const string PublicDrawnProofMaxAgeSeconds = "PublicReads:DrawnProofMaxAgeSeconds";
    public const string PublicEntrySetMaxAgeSeconds = "PublicReads:EntrySetMaxAgeSeconds";

    // Entrant tokens (section "Entrants"): HmacKeys and RsaPublicKeys are lists (Entrants:HmacKeys:0, ...).
    public const string EntrantsIssuer = "Entrants:Issuer";
    public const string EntrantsAudience = "Entrants:Audience";
    public const string EntrantsHmacKeys = "Entrants:HmacKeys";
    public const string EntrantsRsaPublicKeys = "Entrants:RsaPublicKeys";
    /// <summary>The member platform's OpenID Connect authority (issuer and JWKS from its metadata), beside or instead of the static keys.</summary>
    public const string EntrantsAuthority = "Entrants:Authority";

    // Admin tokens (section "Admins"): the organisation's OpenID Connect authority (Entra ID:
    // https://login.microsoftonline.com/<tenant-id>/v2.0) and the API app registration's audience.
    public const string AdminsAuthority = "Admins:Authority";
    public const string AdminsAudience = "Admins:Audience";

    // Outbound events (section "ServiceBus").
    public const string ServiceBusConnectionString = "ServiceBus:ConnectionString";
    public const string ServiceBusNamespace = "ServiceBus:FullyQualifiedNamespace";
    public const string ServiceBusTopic = "ServiceBus:Topic";
    public const string ServiceBusPublishMaxPerRun = "ServiceBus:PublishMaxPerRun";

    /// <summary>What a deployment to Azure must set: no default, and the identity-based alternative of each pair.</summary>
    public static IReadOnlyList<string> RequiredInAzure { get; } =
    [
        StorageTableServiceUri, StorageQueueServiceUri, StorageClientId,
        EntrantsIssuer, EntrantsAudience, EntrantsHmacKeys,
        ServiceBusNamespace, ServiceBusTopic,
    ];

    /// <summary>Every key the app reads (the required ones, the ones with defaults, and the local alternatives).</summary>
    public static IReadOnlyList<string> SettingNames { get; } =
    [
        .. RequiredInAzure,
        StorageConnection, TablePrefix, PrizeValueCapYuan, CampaignCacheSeconds, LeaderboardCacheSeconds, FigureFlushSeconds, SensitiveWords,
        RateLimitPerEntrant, RateLimitPerIp, ClientAddressForwardedHops, ClientAddressHeader, DemoOpenMinutes, EntrantsRsaPublicKeys,
        ServiceBusConnectionString, ServiceBusPublishMaxPerRun, AdminsAuthority, AdminsAudience, EntrantsAuthority, DrawLeaseSeconds, DrawLeaseRenewalSeconds,
        PublicCampaignMaxAgeSeconds, PublicWinnersMaxAgeSeconds, PublicDrawnProofMaxAgeSeconds, PublicEntrySetMaxAgeSeconds,
        FraudReviewCacheSeconds, AlwaysFourEyes,
    ];

}
