using FanRewards.DevHost.Queues;

namespace FanRewards.DevHost;

/// <summary>
/// The parts of the Function App's host.json that change how functions run. Read from the host.json built
/// next to the Function App's assembly, then overridden by app settings under <c>AzureFunctionsJobHost</c>,
/// the way the Functions host lets settings override host.json
/// (e.g. <c>AzureFunctionsJobHost__extensions__queues__visibilityTimeout</c>).
/// </summary>
internal sealed record HostSettings(string RoutePrefix, QueueHostOptions Queues)
{
    private const string OverrideSection = "AzureFunctionsJobHost";

    public static HostSettings Load(string hostJsonPath, IConfiguration appConfiguration)
    {
        var hostJson = new ConfigurationBuilder().AddJsonFile(hostJsonPath, optional: true).Build();
        var overrides = appConfiguration.GetSection(OverrideSection);

        var queues = new QueueHostOptions();
        hostJson.GetSection("extensions:queues").Bind(queues);
        overrides.GetSection("extensions:queues").Bind(queues);
        queues.Validate();

        var routePrefix = overrides["extensions:http:routePrefix"] ?? hostJson["extensions:http:routePrefix"] ?? "api";
        return new HostSettings(routePrefix.Trim('/'), queues);
    }
}
