using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using FanRewards.Azurite;
using FanRewards.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Tests;

/// <summary>
/// The app settings infra/app/api.bicep gives the Function App and the names the code reads (AppSettingNames) must
/// agree: renaming a setting on one side only fails here.
/// </summary>
public sealed partial class InfraSettingsTests
{
    private static readonly string Infra = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "infra");

    /// <summary>Set in Bicep for the Functions host itself (or the App Insights agent), not read by the app's code.</summary>
    private static readonly string[] HostSettings =
    [
        "AzureWebJobsStorage:credential",
        "AzureWebJobsStorage:blobServiceUri",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "FUNCTIONS_EXTENSION_VERSION",
        "FUNCTIONS_WORKER_RUNTIME",
    ];

    [Fact]
    public void The_bicep_app_settings_block_is_found_and_read()
    {
        var names = BicepAppSettings();

        Assert.Contains("AzureWebJobsStorage:tableServiceUri", names);
        Assert.Contains("Entrants:HmacKeys", names); // Entrants__HmacKeys__0, a list item
        Assert.True(names.Count >= 10, string.Join(", ", names));
    }

    [Fact]
    public void Every_setting_the_code_needs_in_Azure_is_set_in_the_bicep()
    {
        var missing = AppSettingNames.RequiredInAzure.Except(BicepAppSettings(), StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"Read by the code but not set in infra/app/api.bicep: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_bicep_sets_nothing_that_neither_the_code_nor_the_host_reads()
    {
        var unread = BicepAppSettings()
            .Except(AppSettingNames.SettingNames, StringComparer.Ordinal)
            .Except(HostSettings, StringComparer.Ordinal)
            .ToList();

        Assert.True(unread.Count == 0, $"Set in infra/app/api.bicep but read by nobody: {string.Join(", ", unread)}");
    }

    [Fact]
    public void The_bicep_puts_no_key_or_connection_string_in_app_settings()
    {
        var text = AppSettingsBlock();

        Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ConnectionString:", text.Replace("APPLICATIONINSIGHTS_CONNECTION_STRING", ""), StringComparison.Ordinal);
        Assert.Matches(@"Entrants__HmacKeys__0:\s*'@Microsoft\.KeyVault\(", text);
    }

    [Fact]
    public void Every_azd_parameter_is_declared_in_main_bicep()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Infra, "main.parameters.json")));
        var declared = ParamDeclaration().Matches(File.ReadAllText(Path.Combine(Infra, "main.bicep")))
            .Select(m => m.Groups["name"].Value).ToHashSet();

        foreach (var parameter in parameters.RootElement.GetProperty("parameters").EnumerateObject())
            Assert.Contains(parameter.Name, declared);
    }

    [Fact]
    public async Task With_service_uris_and_a_client_id_the_clients_use_the_managed_identity()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The form Azure gives app settings (Section__Key) is what the environment variables provider maps to ':'.
            [AppSettingNames.StorageTableServiceUri] = "https://stexample.table.core.windows.net/",
            [AppSettingNames.StorageQueueServiceUri] = "https://stexample.queue.core.windows.net/",
            [AppSettingNames.StorageClientId] = "00000000-0000-0000-0000-000000000001",
            [AppSettingNames.ServiceBusNamespace] = "sb-example.servicebus.windows.net",
            [AppSettingNames.ServiceBusTopic] = "fanrewards-events",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddFanRewards(configuration).BuildServiceProvider();

        var connection = services.GetRequiredService<StorageConnection>();
        Assert.Null(connection.ConnectionString);
        Assert.Equal("00000000-0000-0000-0000-000000000001", connection.ManagedIdentityClientId);
        Assert.Equal("stexample", services.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Equal(new Uri("https://stexample.queue.core.windows.net/"), services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Same(connection.Credential, services.GetRequiredService<TokenCredential>());
        Assert.Equal("sb-example.servicebus.windows.net", services.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        Assert.Equal("fanrewards-events", services.GetRequiredService<ServiceBusSender>().EntityPath);
    }

    [Fact]
    public void With_a_connection_string_no_credential_is_needed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettingNames.StorageConnection] = "UseDevelopmentStorage=true",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddFanRewards(configuration).BuildServiceProvider();

        Assert.Equal("devstoreaccount1", services.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Null(services.GetService<TokenCredential>());
        Assert.Null(services.GetService<ServiceBusClient>());
    }

    [Fact]
    public void Without_any_storage_setting_the_error_names_both_ways()
    {
        using var services = new ServiceCollection().AddLogging()
            .AddFanRewards(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<TableServiceClient>());
        Assert.Contains(AppSettingNames.StorageConnection, error.Message);
        Assert.Contains(AppSettingNames.StorageTableServiceUri, error.Message);
    }

    private static string AppSettingsBlock()
    {
        var text = File.ReadAllText(Path.Combine(Infra, "app", "api.bicep"));
        var begin = text.IndexOf("// app settings: begin", StringComparison.Ordinal);
        var end = text.IndexOf("// app settings: end", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "infra/app/api.bicep has lost its '// app settings: begin/end' markers");
        return text[begin..end];
    }

    /// <summary>The app setting names, in configuration form: <c>A__B__0</c> → <c>A:B</c> (a list item names its list).</summary>
    private static IReadOnlySet<string> BicepAppSettings() =>
        SettingLine().Matches(AppSettingsBlock())
            .Select(m => m.Groups["name"].Value)
            .Where(name => name != "properties")
            .Select(name => ListIndex().Replace(name.Replace("__", ":"), ""))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^\s*'?(?<name>[A-Za-z_][A-Za-z0-9_.]*)'?\s*:", RegexOptions.Multiline)]
    private static partial Regex SettingLine();

    [GeneratedRegex(@"(:\d+)+$")]
    private static partial Regex ListIndex();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();
}
