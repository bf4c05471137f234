using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Http;

/// <summary>
/// The host's key check for HTTP functions: any level but Anonymous needs the key, in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter. The DevHost has one key for all levels.
/// </summary>
internal sealed class FunctionKeyCheck(string functionKey)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    // Comparing digests of equal length keeps the comparison's time independent of where, and whether by
    // length, a guess differs from the key.
    private readonly byte[] _keyDigest = Digest(functionKey);

    public bool Allows(AuthorizationLevel level, HttpRequest request)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        string? presented = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[QueryName];
        }

        return !string.IsNullOrEmpty(presented)
               && CryptographicOperations.FixedTimeEquals(Digest(presented), _keyDigest);
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
