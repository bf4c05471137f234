using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;

namespace FanRewards.Testing;

/// <summary>
/// What a Table request says about itself, for the request counters of the tests (<c>StorageRequestCounter</c>) and of
/// the load driver (<c>StorageRequests</c>, <c>ReadsBench</c>, <c>EntryWritesBench</c>). The two assemblies do not
/// reference each other, so the load driver compiles this file in as a link (its project file names it).
/// </summary>
public static partial class TableRequestText
{
    /// <summary>
    /// The table a path names: Azurite's paths start with the account ("/devstoreaccount1/Entries(PartitionKey='…')"),
    /// the table ends at "(" or "/"; a transaction's path names "$batch", not a table (its body does: <see cref="TableOfTransaction"/>).
    /// </summary>
    public static string TableOfPath(string path)
    {
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/');
        if (slash >= 0) trimmed = trimmed[(slash + 1)..];
        var end = trimmed.IndexOfAny(['(', '?', '/']);
        return end < 0 ? trimmed : trimmed[..end];
    }

    /// <summary>An entity group transaction: one request whose body holds its operations.</summary>
    public static bool IsTransaction(string pathOrUri) => pathOrUri.EndsWith("$batch", StringComparison.Ordinal);

    /// <summary>The request's body as text ("" without one); the SDK's contents can be written more than once.</summary>
    public static string BodyOf(RequestContent? content)
    {
        if (content is null) return "";
        using var body = new MemoryStream();
        content.WriteTo(body, CancellationToken.None);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    /// <summary>The table a transaction's first operation names ("…/{account}/{table}(…" or "…/{table} HTTP/1.1"); "" if none.</summary>
    public static string TableOfTransaction(string body)
    {
        var match = FirstOperation().Match(body);
        return match.Success ? match.Groups[1].Value : "";
    }

    /// <summary>How many entities a transaction writes: each operation is an application/http part of its changeset.</summary>
    public static int OperationsOf(string body)
    {
        const string part = "Content-Type: application/http";
        var n = 0;
        for (var at = body.IndexOf(part, StringComparison.Ordinal); at >= 0; at = body.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    [GeneratedRegex(@"(?:POST|PUT|PATCH|MERGE|DELETE) \S*/([A-Za-z0-9]+)(?:\(|\?| HTTP)")]
    private static partial Regex FirstOperation();
}
