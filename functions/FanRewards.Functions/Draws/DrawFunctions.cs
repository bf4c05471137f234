using System.Globalization;
using System.Text;
using FanRewards.Core;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Draws;

/// <summary>What anyone can check about a draw (proof, entry set, winners) and what an admin can do (see, run, export).</summary>
public sealed class DrawFunctions(DrawService draws, PublishedDrawResults results, PublicCampaignCatalog catalog, ILogger<DrawFunctions> logger)
{
    [Function(nameof(GetDrawProof))]
    public Task<IActionResult> GetDrawProof(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/draws/{drawId}/proof")] HttpRequest request,
        string campaignId, string drawId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
            PublicResponse.Json(await results.GetProofAsync(await VisibleAsync(campaignId, ct), Ids.Require(drawId, nameof(drawId)), ct)));

    [Function(nameof(GetDrawEntries))]
    public Task<IActionResult> GetDrawEntries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/draws/{drawId}/entries")] HttpRequest request,
        string campaignId, string drawId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var after = request.Query["after"].ToString() is { Length: > 0 } a ? a : null;
            if (after is not null && (after.Length != 64 || !after.All(char.IsAsciiHexDigitLower)))
                throw new ProblemException(Problem.Validation(new Dictionary<string, string[]> { ["after"] = ["Must be a pseudonym: 64 lowercase hex digits."] }));
            var limit = 1000;
            if (request.Query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
                throw new ProblemException(Problem.Validation(new Dictionary<string, string[]> { ["limit"] = ["Must be a whole number from 1 to 1000."] }));
            var campaign = await VisibleAsync(campaignId, ct);
            return PublicResponse.Json(await results.GetEntryPageAsync(campaign, Ids.Require(drawId, nameof(drawId)), after, limit, ct));
        });

    [Function(nameof(GetWinners))]
    public Task<IActionResult> GetWinners(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/winners")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
            PublicResponse.Json(await results.GetWinnersAsync(await VisibleAsync(campaignId, ct), ct)));

    [Function(nameof(ListDraws))]
    public Task<IActionResult> ListDraws(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/campaigns/{campaignId}/draws")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
            new JsonBodyResult(await draws.ListAsync(Ids.Require(campaignId, nameof(campaignId)), ct)));

    [Function(nameof(RunDraw))]
    public Task<IActionResult> RunDraw(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/campaigns/{campaignId}/draws/{drawId}/run")] HttpRequest request,
        string campaignId, string drawId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var (campaign, draw) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(drawId, nameof(drawId)));
            var status = await draws.RequestRunAsync(campaign, draw, HttpEndpoint.Actor(request), ct);
            return new JsonBodyResult(status, StatusCodes.Status202Accepted) { Location = $"/api/manage/campaigns/{campaign}/draws" };
        });

    /// <summary>Every ranked entry with the entrant behind it, for fulfilment; a spreadsheet opens it as UTF-8 thanks to the BOM.</summary>
    [Function(nameof(ExportWinners))]
    public Task<IActionResult> ExportWinners(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/campaigns/{campaignId}/draws/{drawId}/winners.csv")] HttpRequest request,
        string campaignId, string drawId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var (campaign, draw) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(drawId, nameof(drawId)));
            var rows = await draws.GetRankedWithEntrantsAsync(campaign, draw, ct);
            var csv = new StringBuilder("\uFEFFrank,role,prizeId,entrantId,pseudonym,weight,score\r\n");
            foreach (var (entry, entrantId) in rows)
                csv.Append(CultureInfo.InvariantCulture, $"{entry.Rank},{(entry.PrizeId is null ? "alternate" : "winner")},{entry.PrizeId},")
                    .Append(CsvText.Field(entrantId)).Append(',').Append(entry.Pseudonym).Append(',')
                    .Append(entry.Weight.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(entry.Score.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
            return new TextBodyResult(csv.ToString(), "text/csv; charset=utf-8", $"{campaign}-{draw}-winners.csv");
        });

    private async Task<Campaign> VisibleAsync(string campaignId, CancellationToken ct)
    {
        var id = Ids.Require(campaignId, nameof(campaignId));
        return await catalog.FindVisibleAsync(id, ct) ?? throw new ProblemException(Problem.NotFound("campaign", id));
    }
}
