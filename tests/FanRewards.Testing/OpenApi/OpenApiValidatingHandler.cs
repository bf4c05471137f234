using System.Text.Json.Nodes;

namespace FanRewards.Testing.OpenApi;

/// <summary>
/// Put under a test's HttpClient to the real Function App: every answer to an <c>/api/…</c> request is checked against
/// the OpenAPI document (<see cref="OpenApiContract"/>), and one that drifts from it fails the call with the reasons.
/// With <c>FANREWARDS_OPENAPI_RECORD</c> set to a file, each answer with a body is also appended there (one JSON line each), for
/// <c>tools/openapi-examples.sh</c> to take the document's examples from.
/// </summary>
public sealed class OpenApiValidatingHandler(OpenApiContract contract) : DelegatingHandler(new HttpClientHandler())
{
    public const string RecordSetting = "FANREWARDS_OPENAPI_RECORD";

    private static readonly Lock RecordLock = new();

    public OpenApiValidatingHandler()
        : this(OpenApiContract.FromRepository)
    {
    }

    /// <summary>A client for the app at <paramref name="baseAddress"/> whose every answer is checked.</summary>
    public static HttpClient Client(Uri baseAddress) => new(new OpenApiValidatingHandler()) { BaseAddress = baseAddress };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!OpenApiContract.Describes(request.RequestUri?.AbsolutePath ?? "")) return response;

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var failures = await contract.CheckAsync(response);
        if (failures.Count > 0)
            throw new OpenApiDriftException(string.Join(Environment.NewLine, failures));
        await RecordAsync(response);
        return response;
    }

    private async Task RecordAsync(HttpResponseMessage response)
    {
        if (Environment.GetEnvironmentVariable(RecordSetting) is not { Length: > 0 } file) return;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var request = response.RequestMessage;
        if (mediaType is null || request?.RequestUri is null) return;
        var operation = contract.Find(request.Method.Method, request.RequestUri.AbsolutePath["/api".Length..]);
        var text = await response.Content.ReadAsStringAsync();
        // JSON as JSON; a CSV export as its text.
        var body = mediaType.EndsWith("json", StringComparison.Ordinal) ? JsonNode.Parse(text) : JsonValue.Create(text);
        var line = new JsonObject
        {
            ["operationId"] = operation?.Id,
            ["status"] = (int)response.StatusCode,
            ["mediaType"] = mediaType,
            ["body"] = body,
        }.ToJsonString();
        lock (RecordLock) File.AppendAllText(file, line + Environment.NewLine);
    }
}

/// <summary>A real answer that the OpenAPI document does not describe.</summary>
public sealed class OpenApiDriftException(string message) : Exception("The answer drifts from the OpenAPI document:" + Environment.NewLine + message);
