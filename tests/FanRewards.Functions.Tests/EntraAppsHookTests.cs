using System.Diagnostics;
using System.Text.Json;
using FanRewards.Azurite;
using FanRewards.Core.Admins;

namespace FanRewards.Functions.Tests;

/// <summary>
/// infra/hooks/entra-apps.sh run for real against stand-ins for the Azure CLI and azd (shell scripts that keep the
/// directory's app registrations in a file and answer as the CLI does): a second run finds what the first made and
/// sends the same roles with the same ids, and a registration whose name merely starts with ours is not taken for it.
/// </summary>
public sealed class EntraAppsHookTests : IDisposable
{
    private static readonly string Hook = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "infra", "hooks", "entra-apps.sh");

    /// <summary>
    /// The Azure CLI as the hook uses it. `ad app list --display-name` filters as Graph does (names that start with it)
    /// and then applies the query the hook gives: "[0]..." takes the first match, "[?displayName=='…']..." the exact one.
    /// </summary>
    private const string AzStub = """
        #!/usr/bin/env bash
        set -euo pipefail
        state=${STUB_STATE:?}
        printf '%s\n' "$*" >>"$state/calls"
        declare -A arg=()
        words=("$@")
        for ((i = 0; i < ${#words[@]}; i++)); do
          case "${words[i]}" in --*) arg[${words[i]}]=${words[i + 1]:-} ;; esac
        done
        case "$1 $2 ${3:-}" in
          "cloud show "*) echo "https://graph.microsoft.com/" ;;
          "ad app list")
            name=${arg[--display-name]}
            if [[ ${arg[--query]} == *"displayName=='"* ]]; then
              awk -v n="$name" '$1 == n { print $2; exit }' "$state/apps"
            else
              awk -v n="$name" 'index($1, n) == 1 { print $2; exit }' "$state/apps"
            fi ;;
          "ad app create")
            id=$(printf '00000000-0000-4000-8000-%012d' "$(($(wc -l <"$state/apps") + 1))")
            printf '%s %s\n' "${arg[--display-name]}" "$id" >>"$state/apps"
            echo "$id" ;;
          "ad app show") echo "object-${arg[--id]}" ;;
          "ad sp show" | "ad sp create" | "ad sp update") ;;
          "rest --method PATCH") printf '%s\t%s\n' "${arg[--uri]}" "$(tr -d '\n' <<<"${arg[--body]}")" >>"$state/patches" ;;
          *) echo "az stub: unexpected: $*" >&2; exit 1 ;;
        esac
        """;

    private const string AzdStub = """
        #!/usr/bin/env bash
        set -euo pipefail
        [ "$1 $2" = "env set" ] || { echo "azd stub: unexpected: $*" >&2; exit 1; }
        printf '%s=%s\n' "$3" "$4" >>"${STUB_STATE:?}/env"
        """;

    private readonly string _state = Directory.CreateTempSubdirectory("entra-apps-").FullName;

    public EntraAppsHookTests()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_state, "bin")).FullName;
        foreach (var (name, text) in new[] { ("az", AzStub), ("azd", AzdStub) })
        {
            var path = Path.Combine(bin, name);
            File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // Another environment's registration whose name starts with this one's.
        File.WriteAllText(Path.Combine(_state, "apps"), "fanrewards-api-dev2 11111111-1111-4111-8111-111111111111\n");
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task A_second_run_creates_nothing_and_sends_the_same_roles_with_the_same_ids_to_the_same_registration()
    {
        if (OperatingSystem.IsWindows()) return; // bash and the hook's tools (sha256sum, awk) are POSIX

        await RunHookAsync();
        var firstPatches = File.ReadAllLines(Path.Combine(_state, "patches"));
        var firstApps = File.ReadAllLines(Path.Combine(_state, "apps"));
        File.Delete(Path.Combine(_state, "patches"));
        await RunHookAsync();

        Assert.Equal(firstApps, File.ReadAllLines(Path.Combine(_state, "apps")));
        Assert.Equal(3, firstApps.Length); // the other environment's, and the API and console made by the first run
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_state, "calls")).Count(call => call.StartsWith("ad app create", StringComparison.Ordinal)));
        Assert.Equal(firstPatches, File.ReadAllLines(Path.Combine(_state, "patches")));

        var apiId = firstApps.Single(line => line.StartsWith("fanrewards-api-dev ", StringComparison.Ordinal)).Split(' ')[1];
        Assert.Contains($"ADMINS_AUDIENCE={apiId}", File.ReadAllLines(Path.Combine(_state, "env")));
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(_state, "env")), line => line.Contains("11111111-", StringComparison.Ordinal));
        var roles = firstPatches.Select(line => JsonDocument.Parse(line.Split('\t')[1]).RootElement)
            .Where(body => body.TryGetProperty("appRoles", out _))
            .Single().GetProperty("appRoles").EnumerateArray().ToList();
        Assert.Equal(AdminRoles.All.Order(StringComparer.Ordinal), roles.Select(r => r.GetProperty("value").GetString()).Order(StringComparer.Ordinal));
        Assert.All(roles, r => Assert.True(Guid.TryParse(r.GetProperty("id").GetString(), out _), r.GetProperty("id").GetString()));
        Assert.Equal(roles.Count, roles.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(firstPatches, line => Assert.StartsWith("https://graph.microsoft.com/v1.0/applications/object-0000", line, StringComparison.Ordinal));
    }

    private async Task RunHookAsync()
    {
        var start = new ProcessStartInfo("bash", [Hook]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = Path.Combine(_state, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["STUB_STATE"] = _state;
        start.Environment["AZURE_ENV_NAME"] = "dev";
        start.Environment.Remove("ADMINS_SKIP_APP_REGISTRATION");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"entra-apps.sh exited {process.ExitCode}: {await output}{await errors}");
    }
}
