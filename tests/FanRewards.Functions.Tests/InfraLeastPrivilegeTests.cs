using System.Text.RegularExpressions;
using FanRewards.Azurite;
using FanRewards.Core.Admins;

namespace FanRewards.Functions.Tests;

/// <summary>
/// What infra/ promises about access (#14, "Least privilege in Azure too"), read from the templates and the hook
/// scripts: the Function App's identity holds blob roles on its own containers only and no owner role; Key Vault keeps
/// deleted keys (purge protection); network isolation is a parameter, off by default, covering every data service;
/// the admin sign-in settings are set; and the app registration's roles are exactly the roles the API checks.
/// </summary>
public sealed partial class InfraLeastPrivilegeTests
{
    private static readonly string Infra = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "infra");

    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42bd-9cd0-f2bd9bc2b5e6";
    private const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    private const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";

    [Fact]
    public void No_identity_gets_an_owner_or_account_wide_write_role()
    {
        foreach (var file in Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (var role in new[] { StorageBlobDataOwner, Owner, Contributor, ServiceBusDataOwner, ServiceBusDataReceiver })
                Assert.False(text.Contains(role, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(file)} assigns role {role}");
        }
    }

    /// <summary>
    /// Each data role, for the app's identity (rbac.bicep) and for the person running azd (operator-rbac.bicep): the
    /// assignments that mention it are exactly one, on the one scope it is meant for.
    /// </summary>
    [Theory]
    [InlineData("app/rbac.bicep", "storageBlobDataContributor", "roles.storageBlobDataContributor", "containers[i]")] // its own containers, never the account
    [InlineData("app/rbac.bicep", "serviceBus", "roles.serviceBusDataSender", "serviceBus::topic")] // send only, to the events topic only
    [InlineData("app/rbac.bicep", "accountWideStorageRoles", "accountWideStorageRoles", "storage")] // tables and queues it creates itself
    [InlineData("app/rbac.bicep", "keyVault", "roles.keyVaultSecretsUser", "keyVault")] // read the signing keys
    [InlineData("app/rbac.bicep", "applicationInsights", "roles.monitoringMetricsPublisher", "applicationInsights")] // publish telemetry
    [InlineData("app/operator-rbac.bicep", "storageBlobDataContributor", "storageBlobDataContributor", "storage::blobService::web")] // upload pages into $web
    [InlineData("app/operator-rbac.bicep", "keyVault", "keyVaultSecretsOfficer", "keyVault")] // write the signing-key secret
    public void Each_role_is_assigned_once_on_its_own_scope(string file, string mentioning, string role, string scope)
    {
        var bicep = File.ReadAllText(Path.Combine(Infra, file));

        var assignment = Assert.Single(RoleAssignmentBlocks(bicep), block => block.Contains(mentioning, StringComparison.Ordinal));
        Assert.Contains($"scope: {scope}\n", assignment, StringComparison.Ordinal);
        Assert.Contains(role, assignment, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_s_containers_are_the_deployment_container_and_the_host_s_and_no_blob_role_is_account_wide()
    {
        var rbac = File.ReadAllText(Path.Combine(Infra, "app", "rbac.bicep"));

        foreach (var block in RoleAssignmentBlocks(rbac).Where(b => b.Contains("scope: storage\n", StringComparison.Ordinal)))
            Assert.DoesNotContain("Blob", block, StringComparison.Ordinal);
        // The containers handed over are the deployment container and the host's own: never '$web'.
        var main = File.ReadAllText(Path.Combine(Infra, "main.bicep"));
        Assert.Matches(@"blobContainerNames: concat\(\[deploymentContainerName\], hostContainerNames\)", main);
        Assert.DoesNotContain("$web", rbac, StringComparison.Ordinal);
    }

    [Fact]
    public void The_operator_uploads_pages_into_web_only()
    {
        var operatorRbac = File.ReadAllText(Path.Combine(Infra, "app", "operator-rbac.bicep"));

        Assert.Contains("name: '$web'", operatorRbac, StringComparison.Ordinal);
        Assert.DoesNotContain("scope: storage\n", operatorRbac, StringComparison.Ordinal);
        Assert.Contains(StorageBlobDataContributor, operatorRbac, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_vault_keeps_deleted_keys_with_purge_protection()
    {
        var vault = File.ReadAllText(Path.Combine(Infra, "core", "keyvault.bicep"));

        Assert.Contains("enableSoftDelete: true", vault, StringComparison.Ordinal);
        Assert.Contains("enablePurgeProtection: true", vault, StringComparison.Ordinal);
        Assert.Contains("enableRbacAuthorization: true", vault, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_isolation_is_a_parameter_off_by_default_that_closes_every_data_service()
    {
        var main = File.ReadAllText(Path.Combine(Infra, "main.bicep"));
        var network = File.ReadAllText(Path.Combine(Infra, "core", "network.bicep"));

        Assert.Contains("param networkIsolation bool = false", main, StringComparison.Ordinal);
        Assert.Contains("\"networkIsolation\": { \"value\": \"${NETWORK_ISOLATION=false}\" }",
            File.ReadAllText(Path.Combine(Infra, "main.parameters.json")), StringComparison.Ordinal);
        foreach (var groupId in new[] { "blob", "queue", "table", "vault", "namespace" })
            Assert.Contains($"groupId: '{groupId}'", network, StringComparison.Ordinal);
        Assert.Contains("serviceName: 'Microsoft.App/environments'", network, StringComparison.Ordinal);
        foreach (var module in new[] { "storage", "keyvault", "servicebus" })
        {
            var text = File.ReadAllText(Path.Combine(Infra, "core", $"{module}.bicep"));
            Assert.Contains("publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'", text, StringComparison.Ordinal);
        }
        Assert.Equal(3, Regex.Count(main, @"publicNetworkAccess: !networkIsolation"));
        Assert.Contains("virtualNetworkSubnetId: networkIsolation ? network!.outputs.appSubnetId : ''", main, StringComparison.Ordinal);
    }

    [Fact]
    public void The_admin_sign_in_settings_are_set_from_parameters()
    {
        var api = File.ReadAllText(Path.Combine(Infra, "app", "api.bicep"));

        Assert.Contains("Admins__Authority: adminAuthority", api, StringComparison.Ordinal);
        Assert.Contains("Admins__Audience: adminAudience", api, StringComparison.Ordinal);
        Assert.Contains("Entrants__Authority: entrantAuthority", api, StringComparison.Ordinal);
        Assert.Contains("tenant().tenantId}/v2.0", File.ReadAllText(Path.Combine(Infra, "main.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_registration_defines_exactly_the_roles_the_api_checks()
    {
        var registration = File.ReadAllText(Path.Combine(Infra, "hooks", "entra-apps.sh"));
        var grant = File.ReadAllText(Path.Combine(Infra, "hooks", "grant-admin-role.sh"));

        var defined = RoleLine().Matches(registration).Select(m => m.Groups[1].Value).Order();
        var grantable = GrantCase().Match(grant).Groups[1].Value.Split('|', StringSplitOptions.TrimEntries).Order();

        Assert.Equal(AdminRoles.All.Order(), defined);
        Assert.Equal(AdminRoles.All.Order(), grantable);
    }

    [Fact]
    public void Azd_runs_the_hooks_and_they_are_executable()
    {
        var azure = File.ReadAllText(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "azure.yaml"));

        foreach (var hook in new[] { "entra-apps.sh", "admin-console.sh" })
            Assert.Contains($"run: infra/hooks/{hook}", azure, StringComparison.Ordinal);
        foreach (var script in Directory.EnumerateFiles(Path.Combine(Infra, "hooks"), "*.sh"))
        {
            Assert.StartsWith("#!/usr/bin/env bash\n", File.ReadAllText(script), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
                Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable");
        }
    }

    /// <summary>Each role assignment resource of a Bicep file, from its declaration to the next blank line.</summary>
    private static IEnumerable<string> RoleAssignmentBlocks(string bicep) =>
        RoleAssignmentBlock().Matches(bicep.ReplaceLineEndings("\n")).Select(m => m.Value);

    [GeneratedRegex(@"^resource \w+ 'Microsoft\.Authorization/roleAssignments@[^']+' = \[.*?^\]", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex RoleAssignmentBlock();

    [GeneratedRegex(@"^([a-z-]+)\|[^|\n]+\|[^|\n]+$", RegexOptions.Multiline)]
    private static partial Regex RoleLine();

    [GeneratedRegex(@"case ""\$role"" in\s*\n\s*([a-z| -]+)\)")]
    private static partial Regex GrantCase();
}
