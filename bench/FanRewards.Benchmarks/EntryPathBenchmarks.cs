using System.Security.Claims;
using System.Text;
using BenchmarkDotNet.Attributes;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Functions.Entries;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Benchmarks;

/// <summary>
/// The CPU an entry spends in FanRewards' own code before and after its one storage write, piece by piece: the
/// token check, the rate limits, reading an answer's body, writing the result. Each is per request, on one thread.
/// </summary>
[MemoryDiagnoser]
public class EntryPathBenchmarks
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes("bench-signing-key-that-is-32-bytes!");
    private EntrantAuthenticator _authenticator = null!;
    private RateLimiter _limiter = null!;
    private string[] _tokens = [];
    private int _next;
    private readonly byte[] _answer = Encoding.UTF8.GetBytes("""{"answer":"告"}""");

    private EntrantAuthenticator _remembering = null!;

    [GlobalSetup]
    public void Setup()
    {
        _authenticator = NewAuthenticator();
        _remembering = NewAuthenticator();
        _limiter = new RateLimiter(new RateLimitOptions { PerIp = 1_000_000_000 }, TimeProvider.System);
        var handler = new JsonWebTokenHandler();
        var credentials = new SigningCredentials(new SymmetricSecurityKey(_key), SecurityAlgorithms.HmacSha256);
        _tokens = Enumerable.Range(0, 1024).Select(i => handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "bench", Audience = "fanrewards", Subject = new ClaimsIdentity([new Claim("sub", $"solver-{i}")]),
            Expires = DateTime.UtcNow.AddHours(1), SigningCredentials = credentials,
        })).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _authenticator.Dispose();
        _remembering.Dispose();
    }

    private EntrantAuthenticator NewAuthenticator() => new(new EntrantTokenOptions
    {
        Issuer = "bench", Audience = "fanrewards", SigningKeys = [new SymmetricSecurityKey(_key)],
    }, TimeProvider.System);

    /// <summary>
    /// A token seen for the first time, as every request of the load driver is (a new authenticator, which remembers
    /// nothing, every 1,024 tokens; its construction is spread over them).
    /// </summary>
    [Benchmark]
    public async Task<Entrant> Authenticate()
    {
        var slot = _next++ & 1023;
        if (slot == 0)
        {
            _authenticator.Dispose();
            _authenticator = NewAuthenticator();
        }
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + _tokens[slot];
        return await _authenticator.AuthenticateAsync(context.Request);
    }

    /// <summary>A token checked before: a phone's second and later entries.</summary>
    [Benchmark]
    public async Task<Entrant> AuthenticateAgain()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + _tokens[7];
        return await _remembering.AuthenticateAsync(context.Request);
    }

    /// <summary>The address limit and a new entrant's limit (a new bucket per entrant).</summary>
    [Benchmark]
    public void RateLimits() => _limiter.Acquire("127.0.0.1", $"solver-{_next++}");

    [Benchmark]
    public async Task<EntryFunctions.AnswerRequest> ReadAnswerBody()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = _answer.Length;
        context.Request.Body = new MemoryStream(_answer);
        return await HttpBody.ReadJsonAsync<EntryFunctions.AnswerRequest>(context.Request, CancellationToken.None, 32 * 1024);
    }

    [Benchmark]
    public async Task WriteLikeResult()
    {
        var context = new DefaultHttpContext { Response = { Body = Stream.Null } };
        await new JsonBodyResult(new LikeResult("c1", true, "2027-02-20"))
            .ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
    }
}
