using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FanRewards.Azurite;
using FanRewards.Functions.Identity;
using FanRewards.Functions.OpenApi;
using FanRewards.Testing.OpenApi;

namespace FanRewards.DevHost.Tests;

/// <summary>
/// The OpenAPI document against what the build says the app is: the Worker SDK's generated <c>functions.metadata</c>
/// (every HTTP function's route and methods) and the functions' <c>[AdminRoute]</c> roles.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static readonly OpenApiContract Contract = OpenApiContract.FromRepository;

    /// <summary>(function name, METHOD, /route) of every HTTP trigger the build generated.</summary>
    private static IReadOnlyList<(string Name, string Method, string Path)> HttpFunctions()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))?.AsArray() ?? [];
        return metadata
            .SelectMany(function => (function?["bindings"]?.AsArray() ?? [])
                .Where(binding => binding?["type"]?.GetValue<string>() == "httpTrigger")
                .SelectMany(binding => (binding?["methods"]?.AsArray() ?? []).Select(method => (
                    Name: function?["name"]?.GetValue<string>() ?? "",
                    Method: method?.GetValue<string>().ToUpperInvariant() ?? "",
                    Path: "/" + (binding?["route"]?.GetValue<string>() ?? "")))))
            .ToList();
    }

    [Fact]
    public void Every_http_function_in_functions_metadata_is_documented_under_its_own_name_and_nothing_else_is()
    {
        var functions = HttpFunctions();
        Assert.True(functions.Count > 40, $"functions.metadata lists only {functions.Count} HTTP functions");

        var documented = Contract.Operations.Select(o => (Name: o.Id, o.Method, Path: o.PathTemplate)).ToHashSet();
        var missing = functions.Where(f => !documented.Contains(f)).Select(f => $"{f.Method} {f.Path} ({f.Name})");
        var extra = documented.Where(o => !functions.Contains(o)).Select(o => $"{o.Method} {o.Path} ({o.Name})");
        Assert.True(!missing.Any(), "Functions the OpenAPI document does not describe (add them): " + string.Join(", ", missing));
        Assert.True(!extra.Any(), "Documented operations no function serves: " + string.Join(", ", extra));
    }

    [Fact]
    public void Admin_operations_name_the_roles_of_their_AdminRoute_and_ask_for_an_admin_token_and_no_other_does()
    {
        foreach (var operation in Contract.Operations)
        {
            var security = operation.Definition["security"]?.ToJsonString();
            var roles = operation.Definition["x-fanrewards-roles"]?.AsArray().Select(r => r?.GetValue<string>() ?? "").ToList();
            if (AdminRoutes.All.TryGetValue(operation.Id, out var adminRoles))
            {
                Assert.Equal("""[{"adminToken":[]}]""", security);
                Assert.Equal(adminRoles, roles);
            }
            else
            {
                Assert.Null(roles);
                Assert.Contains(security, new[] { "[]", """[{"entrantToken":[]}]""" });
            }
        }
    }

    [Fact]
    public void Every_operation_has_an_example_recorded_from_a_real_answer()
    {
        var without = Contract.Operations
            .Where(o => !(o.Definition["responses"]?.AsObject() ?? []).Any(r => r.Value?["content"]?.AsObject()
                .Any(m => m.Value?["examples"]?["recorded"] is not null) == true))
            .Select(o => o.Id);
        Assert.True(!without.Any(), "Run tools/openapi-examples.sh: no recorded example for " + string.Join(", ", without));
    }

    [Fact]
    public void The_problem_types_are_those_of_docs_PROBLEMS_md()
    {
        var table = ProblemRow().Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "PROBLEMS.md")))
            .Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        var documented = Contract.Document["components"]?["schemas"]?["ProblemType"]?["enum"]?.AsArray()
            .Select(t => t?.GetValue<string>() ?? "").Order(StringComparer.Ordinal);

        Assert.Equal(table, documented);
    }

    [Fact]
    public void The_app_serves_the_document_kept_in_the_repository()
    {
        var kept = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), OpenApiContract.DocumentPath));

        Assert.Equal(kept, System.Text.Encoding.UTF8.GetString(OpenApiDocument.Utf8.Span));
        Assert.Equal("3.1.0", JsonDocument.Parse(kept).RootElement.GetProperty("openapi").GetString());
    }

    [GeneratedRegex(@"^\| `(urn:fanrewards:problem:[a-z-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ProblemRow();
}
