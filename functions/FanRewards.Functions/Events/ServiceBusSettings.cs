using Azure.Core;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Events;

/// <summary>
/// Where outbound events go: <c>ServiceBus:ConnectionString</c>, or <c>ServiceBus:FullyQualifiedNamespace</c> with a
/// <see cref="TokenCredential"/> registered in DI (Registration registers a DefaultAzureCredential for the managed identity
/// named by <c>AzureWebJobsStorage:clientId</c> unless one is already registered), and <c>ServiceBus:Topic</c>. Neither set (the
/// DevHost's default): no client, and events stay in the outbox.
/// </summary>
public sealed record ServiceBusSettings(string? ConnectionString, string? FullyQualifiedNamespace, string Topic)
{
    public const string Section = "ServiceBus";
    public const string DefaultTopic = "fanrewards-events";

    /// <summary>Null when no Service Bus is configured.</summary>
    public static ServiceBusSettings? From(IConfiguration configuration)
    {
        var connectionString = Blank(configuration[AppSettingNames.ServiceBusConnectionString]);
        var fullyQualifiedNamespace = Blank(configuration[AppSettingNames.ServiceBusNamespace]);
        if (connectionString is null && fullyQualifiedNamespace is null) return null;
        return new ServiceBusSettings(connectionString, fullyQualifiedNamespace, Blank(configuration[AppSettingNames.ServiceBusTopic]) ?? DefaultTopic);
    }

    public ServiceBusClient CreateClient(IServiceProvider services)
    {
        var options = new ServiceBusClientOptions { Identifier = "fanrewards-outbox" };
        if (ConnectionString is not null) return new ServiceBusClient(ConnectionString, options);
        var credential = services.GetService<TokenCredential>() ?? throw new InvalidOperationException(
            $"'{Section}:FullyQualifiedNamespace' is set but no TokenCredential is registered. " +
            $"Register one, or set '{Section}:ConnectionString' instead.");
        return new ServiceBusClient(FullyQualifiedNamespace, credential, options);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
