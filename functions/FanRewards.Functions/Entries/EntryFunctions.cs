using FanRewards.Core;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Telemetry;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Entries;

/// <summary>
/// What followers do: answer riddles, like candidates, leave messages, sign up, check in, and look at their own
/// entries. Anonymous at the host (phones carry no function key); every route checks the entrant's bearer token.
/// Riddle answers are never logged: only ids and outcomes are.
/// </summary>
public sealed partial class EntryFunctions(
    EntryService entries, LeaderboardService leaderboards, EntrantGate gate,
    EntryFigures figures, ILogger<EntryFunctions> logger, Core.Draws.DrawQueries draws, Core.Campaigns.PublicCampaignCatalog catalog,
    PublicReadOptions reads)
{
    /// <summary>Entry bodies are small; a riddle answer or a reflection of 5,000 characters fits with room to spare.</summary>
    private const int EntryBodyLimit = 32 * 1024;

    public sealed record AnswerRequest(string? Answer);
    public sealed record MessageRequest(string? Text);
    public sealed record SignupRequest(Dictionary<string, string>? Fields);
    public sealed record CheckinRequest(long? Value);

    [Function(nameof(AnswerRiddle))]
    public Task<IActionResult> AnswerRiddle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{campaignId}/riddles/{riddleId}/answers")] HttpRequest request,
        string campaignId, string riddleId) =>
        Enter(request, campaignId, async (entrant, ct) =>
        {
            var (campaign, riddle) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(riddleId, nameof(riddleId)));
            var body = await HttpBody.ReadJsonAsync<AnswerRequest>(request, ct, EntryBodyLimit);
            var result = await entries.AnswerRiddleAsync(campaign, riddle, entrant, AnswerMatcher.Required(body.Answer), ct);
            LogRiddleAnswered(logger, campaign, riddle, result.Correct);
            return new JsonBodyResult(result);
        });

    [Function(nameof(LikeCandidate))]
    public Task<IActionResult> LikeCandidate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{campaignId}/candidates/{candidateId}/likes")] HttpRequest request,
        string campaignId, string candidateId) =>
        Enter(request, campaignId, async (entrant, ct) => new JsonBodyResult(await entries.LikeAsync(
            Ids.Require(campaignId, nameof(campaignId)), Ids.Require(candidateId, nameof(candidateId)), entrant, ct)));

    [Function(nameof(LeaveMessage))]
    public Task<IActionResult> LeaveMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{campaignId}/activities/{activityId}/messages")] HttpRequest request,
        string campaignId, string activityId) =>
        Enter(request, campaignId, async (entrant, ct) =>
        {
            var (campaign, activity) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(activityId, nameof(activityId)));
            var body = await HttpBody.ReadJsonAsync<MessageRequest>(request, ct, EntryBodyLimit);
            var result = await entries.LeaveMessageAsync(campaign, activity, entrant, body.Text, ct);
            return new JsonBodyResult(result, StatusCodes.Status201Created);
        });

    [Function(nameof(SignUp))]
    public Task<IActionResult> SignUp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{campaignId}/activities/{activityId}/signups")] HttpRequest request,
        string campaignId, string activityId) =>
        Enter(request, campaignId, async (entrant, ct) =>
        {
            var (campaign, activity) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(activityId, nameof(activityId)));
            var body = await HttpBody.ReadJsonAsync<SignupRequest>(request, ct, EntryBodyLimit);
            var result = await entries.SignUpAsync(campaign, activity, entrant, body.Fields, ct);
            return new JsonBodyResult(result, StatusCodes.Status201Created);
        });

    [Function(nameof(CheckIn))]
    public Task<IActionResult> CheckIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{campaignId}/activities/{activityId}/checkins")] HttpRequest request,
        string campaignId, string activityId) =>
        Enter(request, campaignId, async (entrant, ct) =>
        {
            var (campaign, activity) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(activityId, nameof(activityId)));
            var body = await HttpBody.ReadJsonAsync<CheckinRequest>(request, ct, EntryBodyLimit);
            var result = await entries.CheckInAsync(campaign, activity, entrant, body.Value, ct);
            return new JsonBodyResult(result, StatusCodes.Status201Created);
        });

    [Function(nameof(GetMyCampaign))]
    public Task<IActionResult> GetMyCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/campaigns/{campaignId}")] HttpRequest request, string campaignId) =>
        Enter(request, campaignId, async (entrant, ct) =>
        {
            var mine = await entries.GetMineAsync(Ids.Require(campaignId, nameof(campaignId)), entrant, ct);
            if (await catalog.FindVisibleAsync(mine.CampaignId, ct) is { } campaign)
                mine = mine with { Draws = await draws.GetMyDrawsAsync(campaign, mine.Pseudonym, ct) };
            return new JsonBodyResult(mine);
        });

    [Function(nameof(GetLeaderboard))]
    public Task<IActionResult> GetLeaderboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/leaderboard")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            gate.AdmitAnonymous(request);
            return PublicResponse.Json(await leaderboards.GetAsync(Ids.Require(campaignId, nameof(campaignId)), ct), reads.CampaignMaxAge);
        });

    /// <summary>Generated: checks the level before it boxes or allocates anything, unlike LogInformation(params object[]).</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Riddle {CampaignId}/{RiddleId} answered: correct={Correct}")]
    private static partial void LogRiddleAnswered(ILogger logger, string campaignId, string riddleId, bool correct);

    /// <summary>Admits the entrant, then handles; a problem on a route that makes entries counts as a rejected entry.</summary>
    private Task<IActionResult> Enter(HttpRequest request, string campaignId, Func<Entrant, CancellationToken, Task<IActionResult>> handle,
        [System.Runtime.CompilerServices.CallerMemberName] string function = "") =>
        HttpEndpoint.RunAsync(request, logger, async ct => await handle(await gate.AdmitAsync(request), ct),
            rejected: function == nameof(GetMyCampaign) ? null : problem =>
            {
                FanRewardsTelemetry.EntryRejected(problem.Type, function);
                figures.EntryRejected(campaignId, problem.Type);
            });
}
