using System.Net;
using FanRewards.Core;
using FanRewards.Core.Entries;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FanRewards.Functions.Tests.Http;

/// <summary>
/// The per-address limit counts the address our own front ends saw, read from the right of X-Forwarded-For: a client
/// writes what it likes at the left, and that must move it into no other bucket.
/// </summary>
public sealed class ClientAddressTests
{
    private static readonly ClientAddress OnAzure = new(new ClientAddressOptions());

    [Theory]
    [InlineData("203.0.113.9:51234", "203.0.113.9")]
    [InlineData("6.6.6.6, 203.0.113.9:51234", "203.0.113.9")] // the client wrote 6.6.6.6
    [InlineData("6.6.6.6,7.7.7.7 ,  203.0.113.9", "203.0.113.9")]
    [InlineData("6.6.6.6, [2001:db8::7]:443", "2001:db8::7")]
    [InlineData("6.6.6.6, 2001:db8::7", "2001:db8::7")]
    public void On_Azure_the_address_is_the_hop_the_front_end_appended(string forwardedFor, string expected)
    {
        Assert.Equal(expected, OnAzure.Of(Request(forwardedFor)));
    }

    [Fact]
    public void Several_X_Forwarded_For_lines_read_as_one_list_in_order()
    {
        var request = Request(null);
        request.Headers["X-Forwarded-For"] = new Microsoft.Extensions.Primitives.StringValues(["6.6.6.6", "203.0.113.9:51234"]);

        Assert.Equal("203.0.113.9", OnAzure.Of(request));
    }

    [Fact]
    public void Behind_Front_Door_the_address_is_the_second_hop_from_the_right()
    {
        var behindFrontDoor = new ClientAddress(new ClientAddressOptions { ForwardedHops = 2 });

        // client-written, then what Front Door appended (the client), then what App Service appended (Front Door).
        Assert.Equal("198.51.100.4", behindFrontDoor.Of(Request("6.6.6.6, 198.51.100.4, 147.243.2.10:50123")));
        // Fewer hops than trusted front ends: the farthest one there is.
        Assert.Equal("198.51.100.4", behindFrontDoor.Of(Request("198.51.100.4:50123")));
    }

    [Fact]
    public void A_configured_client_ip_header_wins_over_X_Forwarded_For()
    {
        var byHeader = new ClientAddress(new ClientAddressOptions { Header = "X-Azure-SocketIP" });
        var request = Request("6.6.6.6, 147.243.2.10:50123");
        request.Headers["X-Azure-SocketIP"] = "198.51.100.4";

        Assert.Equal("198.51.100.4", byHeader.Of(request));
        Assert.Equal("10.1.2.3", byHeader.Of(Request("6.6.6.6"))); // header missing: the connection
    }

    [Fact]
    public void With_no_front_end_the_connection_address_counts_and_the_header_is_ignored()
    {
        var direct = new ClientAddress(new ClientAddressOptions { ForwardedHops = 0 });

        Assert.Equal("10.1.2.3", direct.Of(Request("6.6.6.6, 7.7.7.7")));
    }

    [Fact]
    public void Without_the_header_the_connection_address_counts()
    {
        Assert.Equal("10.1.2.3", OnAzure.Of(Request(null)));
        Assert.Equal("10.1.2.3", OnAzure.Of(Request(" , ")));
    }

    [Theory]
    [InlineData("203.0.113.9:51234", 1, "203.0.113.9")]
    [InlineData("6.6.6.6, 203.0.113.9:51234", 1, "203.0.113.9")]
    [InlineData("6.6.6.6, 198.51.100.4, 147.243.2.10:50123", 2, "198.51.100.4")]
    public async Task After_the_workers_forwarded_headers_middleware_the_answer_is_the_same(string forwardedFor, int hops, string expected)
    {
        // The worker's ASP.NET Core integration runs UseForwardedHeaders (all headers, the default limit of one hop
        // and loopback as the known proxy) before every function, with the Functions host connecting from loopback.
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance,
            Options.Create(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.All }));
        var request = Request(forwardedFor, connection: IPAddress.Loopback);
        var before = new ClientAddress(new ClientAddressOptions { ForwardedHops = hops }).Of(request);

        await middleware.Invoke(request.HttpContext);

        Assert.Equal(expected, before);
        Assert.NotEqual(IPAddress.Loopback, request.HttpContext.Connection.RemoteIpAddress); // it did move a hop
        Assert.Equal(expected, new ClientAddress(new ClientAddressOptions { ForwardedHops = hops }).Of(request));
    }

    [Fact]
    public void An_X_Original_For_the_client_wrote_itself_moves_it_into_no_other_bucket()
    {
        // No X-Forwarded-For, so the middleware rewrote nothing: the connection is still the host's loopback, and an
        // X-Original-For is the client's own invention. It must not shift the hops onto the loopback address.
        var request = Request(null, connection: IPAddress.Loopback);
        request.Headers["X-Original-For"] = "127.0.0.1:1";
        Assert.Equal("127.0.0.1", OnAzure.Of(request));

        var forwarded = Request("203.0.113.9:51234", connection: IPAddress.Loopback);
        forwarded.Headers["X-Original-For"] = "127.0.0.1:1";
        Assert.Equal("203.0.113.9", OnAzure.Of(forwarded)); // not rewritten: the right-most hop, not the loopback
    }

    [Fact]
    public void A_client_that_rotates_its_own_first_X_Forwarded_For_value_still_hits_its_limit()
    {
        var limiter = new RateLimiter(new RateLimitOptions { PerIp = 5 }, TimeProvider.System);
        var gate = new EntrantGate(Authenticator(), limiter, OnAzure);

        for (var i = 0; i < 5; i++) gate.AdmitAnonymous(Request($"192.0.2.{i}, 203.0.113.9:{50000 + i}"));
        var problem = Assert.Throws<ProblemException>(() => gate.AdmitAnonymous(Request("192.0.2.99, 203.0.113.9:50099"))).Problem;

        Assert.Equal(429, problem.Status);
        Assert.Contains("per-address", problem.Detail);
        // Someone else behind the same front end is a different address.
        gate.AdmitAnonymous(Request("192.0.2.1, 203.0.113.10:50000"));
    }

    [Fact]
    public void The_settings_default_to_Azures_front_end_and_can_name_more_hops_or_a_header()
    {
        Assert.Equal(new ClientAddressOptions { ForwardedHops = 1, Header = null }, ClientAddressOptions.From(Settings([])));
        Assert.Equal(new ClientAddressOptions { ForwardedHops = 2, Header = "X-Azure-SocketIP" }, ClientAddressOptions.From(Settings(new()
        {
            [AppSettingNames.ClientAddressForwardedHops] = "2",
            [AppSettingNames.ClientAddressHeader] = "X-Azure-SocketIP",
        })));
        Assert.Equal(0, ClientAddressOptions.From(Settings(new() { [AppSettingNames.ClientAddressForwardedHops] = "-3" })).ForwardedHops);
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static EntrantAuthenticator Authenticator()
    {
        var configuration = Settings(new()
        {
            ["Entrants:Issuer"] = "union-idp",
            ["Entrants:Audience"] = "fanrewards",
            ["Entrants:HmacKeys:0"] = Convert.ToBase64String(new byte[32]),
        });
        var environment = new Moq.Mock<IHostEnvironment>();
        environment.SetupGet(e => e.EnvironmentName).Returns("Production");
        return new EntrantAuthenticator(EntrantTokenOptions.From(configuration, environment.Object), TimeProvider.System);
    }

    private static HttpRequest Request(string? forwardedFor, IPAddress? connection = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = connection ?? IPAddress.Parse("10.1.2.3");
        context.Connection.RemotePort = 40000;
        if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return context.Request;
    }
}
