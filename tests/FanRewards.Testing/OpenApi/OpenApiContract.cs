using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FanRewards.Azurite;
using Json.Schema;

namespace FanRewards.Testing.OpenApi;

/// <summary>
/// The repository's OpenAPI document (functions/FanRewards.Functions/OpenApi/openapi.json) as a contract that real
/// answers are held to: the operation for a method and path, the statuses it documents, their required headers, and
/// the JSON Schema of each body (JsonSchema.Net, draft 2020-12 as OpenAPI 3.1 uses it).
/// </summary>
public sealed class OpenApiContract
{
    /// <summary>Where the document is kept, relative to the repository root.</summary>
    public const string DocumentPath = "functions/FanRewards.Functions/OpenApi/openapi.json";

    /// <summary>Served by the DevHost only (its diagnostics), so not part of the Function App's description.</summary>
    private static readonly string[] DevHostOnlyPaths = ["/manage/metrics"];

    private static readonly Lazy<OpenApiContract> Repository = new(() =>
        new OpenApiContract(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), DocumentPath))));

    private readonly JsonObject _document;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public OpenApiContract(string documentJson)
    {
        _document = JsonNode.Parse(documentJson)?.AsObject() ?? throw new InvalidOperationException("The OpenAPI document is empty.");
        // Schemas refer to each other as #/components/schemas/X; each checked schema carries them all as $defs.
        _definitions = JsonNode.Parse(Components("schemas").ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))
            ?.AsObject() ?? [];
        Operations = Paths.SelectMany(path => path.Value?.AsObject() ?? [],
                (path, method) => new OpenApiOperation(method.Key.ToUpperInvariant(), path.Key, method.Value?.AsObject() ?? []))
            .ToList();
    }

    /// <summary>The document as kept in the repository (read once).</summary>
    public static OpenApiContract FromRepository => Repository.Value;

    public JsonObject Document => _document;

    public IReadOnlyList<OpenApiOperation> Operations { get; }

    private JsonObject Paths => _document["paths"]?.AsObject() ?? [];

    private JsonObject Components(string kind) => _document["components"]?[kind]?.AsObject() ?? [];

    /// <summary>The documented operation for a request to <c>/api/…</c>, or null.</summary>
    public OpenApiOperation? Find(string method, string apiPath) =>
        Operations.FirstOrDefault(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && o.Matches(apiPath));

    /// <summary>Whether the request is one the document must describe: the app's /api routes, not the DevHost's own.</summary>
    public static bool Describes(string absolutePath) =>
        absolutePath.StartsWith("/api/", StringComparison.Ordinal)
        && !DevHostOnlyPaths.Contains(absolutePath["/api".Length..], StringComparer.Ordinal);

    /// <summary>Every way <paramref name="response"/> differs from the document; empty when it conforms.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(HttpResponseMessage response)
    {
        var request = response.RequestMessage ?? throw new InvalidOperationException("A response without its request.");
        var path = request.RequestUri?.AbsolutePath ?? "";
        var what = $"{request.Method} {path} → {(int)response.StatusCode}";
        var operation = Find(request.Method.Method, path["/api".Length..]);
        if (operation is null) return [$"{what}: no such operation in the OpenAPI document"];

        var documented = Resolve(operation.Definition["responses"]?[((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (documented is null) return [$"{what}: {operation.Id} does not document status {(int)response.StatusCode}"];

        var failures = new List<string>();
        foreach (var (name, header) in documented["headers"]?.AsObject() ?? [])
        {
            if (Resolve(header)?["required"]?.GetValue<bool>() == true && !HasHeader(response, name))
                failures.Add($"{what}: {operation.Id} must send the {name} header");
        }

        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (body.Length == 0 || mediaType is null) return failures;
        var content = documented["content"]?[mediaType];
        if (content is null)
        {
            failures.Add($"{what}: {operation.Id} does not document a {mediaType} body for this status");
            return failures;
        }

        if (mediaType.EndsWith("json", StringComparison.Ordinal) && content["schema"] is JsonNode schema)
        {
            using var json = JsonDocument.Parse(body);
            var result = SchemaFor(operation, (int)response.StatusCode, mediaType, schema)
                .Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
                failures.Add($"{what}: the body does not match {operation.Id}'s schema: " + string.Join("; ", Errors(result)) + "\n" + Shorten(body));
        }

        return failures;
    }

    private static IEnumerable<string> Errors(EvaluationResults result) =>
        (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .Take(8);

    private static string Shorten(string body) => body.Length <= 600 ? body : body[..600] + "…";

    private static bool HasHeader(HttpResponseMessage response, string name) =>
        response.Headers.Contains(name) || response.Content.Headers.Contains(name);

    private JsonSchema SchemaFor(OpenApiOperation operation, int status, string mediaType, JsonNode schema) =>
        _schemas.GetOrAdd($"{operation.Id} {status} {mediaType}", key =>
        {
            var checkable = JsonNode.Parse(schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))
                ?.AsObject() ?? [];
            checkable["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            checkable["$defs"] = _definitions.DeepClone();
            var id = new Uri("https://fanrewards.invalid/openapi/" + Uri.EscapeDataString(key));
            return JsonSchema.FromText(checkable.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, id);
        });

    /// <summary>A response, parameter or header, following a <c>$ref</c> into components.</summary>
    private JsonObject? Resolve(JsonNode? node)
    {
        if (node?["$ref"]?.GetValue<string>() is { } reference)
        {
            var parts = reference.Split('/'); // #/components/{kind}/{name}
            return Components(parts[2])[parts[3]]?.AsObject();
        }

        return node?.AsObject();
    }
}

/// <summary>One documented operation: its method, path template (below the server's <c>/api</c>) and definition.</summary>
public sealed partial record OpenApiOperation(string Method, string PathTemplate, JsonObject Definition)
{
    private readonly Regex _pattern = new("^" + PathParameter().Replace(Regex.Escape(PathTemplate).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$");

    public string Id => Definition["operationId"]?.GetValue<string>() ?? $"{Method} {PathTemplate}";

    public bool Matches(string path) => _pattern.IsMatch(path);

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex PathParameter();
}
