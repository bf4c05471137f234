using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Tests.Support;

/// <summary>Builds requests the way the ASP.NET Core integration hands them to a trigger, and runs the result it returns.</summary>
internal static class HttpTestContext
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static HttpRequest Request(string method, string? body = null, string? contentType = "application/json",
        IDictionary<string, string>? headers = null, string path = "/api/test")
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Path = path;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) context.Request.Headers[name] = value;
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static async Task<TestResponse> Execute(HttpRequest request, IActionResult result)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new TestResponse(context.Response.StatusCode, context.Response.ContentType, text, context.Response.Headers);
    }
}

internal sealed record TestResponse(int Status, string? ContentType, string Body, IHeaderDictionary Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public void AssertProblem(int status, string typeSuffix)
    {
        Assert.Equal(status, Status);
        Assert.StartsWith("application/problem+json", ContentType);
        Assert.Equal("urn:fanrewards:problem:" + typeSuffix, Json.GetProperty("type").GetString());
        Assert.Equal(status, Json.GetProperty("status").GetInt32());
    }
}
