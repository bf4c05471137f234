using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace FanRewards.LoadDriver;

/// <summary>The entrants' calls the benchmarks send, each with the entrant's own bearer token (signed by <see cref="TokenMint"/>).</summary>
internal static class EntrantRequests
{
    /// <summary>A like of one candidate.</summary>
    public static HttpRequestMessage Like(string campaign, string candidate, string token) =>
        Signed(new HttpRequestMessage(HttpMethod.Post, $"api/campaigns/{campaign}/candidates/{candidate}/likes"), token);

    /// <summary>The right answer to riddle r1 (<see cref="AdminCalls.PutRiddleAsync"/>).</summary>
    public static HttpRequestMessage Answer(string campaign, string token) =>
        Signed(new HttpRequestMessage(HttpMethod.Post, $"api/campaigns/{campaign}/riddles/r1/answers") { Content = JsonContent.Create(new { answer = "告" }) }, token);

    /// <summary>A message left in a message activity.</summary>
    public static HttpRequestMessage Message(string campaign, string activity, string text, string token) =>
        Signed(new HttpRequestMessage(HttpMethod.Post, $"api/campaigns/{campaign}/activities/{activity}/messages") { Content = JsonContent.Create(new { text }) }, token);

    private static HttpRequestMessage Signed(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
