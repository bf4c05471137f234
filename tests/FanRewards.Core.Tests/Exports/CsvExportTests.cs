using System.Text;
using FanRewards.Core.Awards;
using FanRewards.Core.Draws;
using FanRewards.Core.Exports;

namespace FanRewards.Core.Tests.Exports;

/// <summary>
/// The organiser's exports, byte for byte as they have always been (BOM, header, CRLF, RFC 4180), with the formula guard
/// on text cells only, and written as the rows come rather than held whole.
/// </summary>
public class CsvExportTests
{
    private static readonly string Winner = new('a', 64);
    private static readonly string Alternate = new('b', 64);

    private static async Task<byte[]> BytesOf(CsvExport export)
    {
        var stream = new MemoryStream();
        await export.WriteToAsync(stream, CancellationToken.None);
        return stream.ToArray();
    }

    [Fact]
    public async Task The_winners_file_is_the_same_bytes_as_ever()
    {
        var export = WinnersExport.For("lantern", "main",
        [
            (new RankedEntry(1, Winner, 3, -0.123456789012345, "pass"), "wx_zhang"),
            (new RankedEntry(2, Alternate, 1, -1E-20, null), null),
        ]);

        var bytes = await BytesOf(export);

        Assert.Equal("lantern-main-winners.csv", export.FileName);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("\uFEFFrank,role,prizeId,entrantId,pseudonym,weight,score\r\n" +
                     $"1,winner,pass,wx_zhang,{Winner},3,-0.123456789012345\r\n" +
                     $"2,alternate,,,{Alternate},1,-1E-20\r\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task A_score_is_written_as_the_shortest_text_that_round_trips_as_R_did()
    {
        var random = new Random(12);
        var scores = Enumerable.Range(0, 2000).Select(_ => Math.Log(random.NextDouble()) / random.Next(1, 1001)).ToList();
        var export = WinnersExport.For("c", "d", scores.Select((s, i) => (new RankedEntry(i + 1, Winner, 1, s, null), (string?)null)));

        var lines = Encoding.UTF8.GetString(await BytesOf(export)).Split("\r\n")[1..^1];

        Assert.Equal(scores.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), lines.Select(l => l.Split(',')[^1]));
    }

    [Fact]
    public async Task The_awards_file_quotes_what_needs_it_and_keeps_contacts_whole()
    {
        var campaign = TestCampaign.Lantern().Published().Build();
        var deadline = new DateTimeOffset(2027, 3, 1, 16, 0, 0, TimeSpan.Zero);
        var award = new Award
        {
            CampaignId = campaign.Id, AwardId = "draw-pass-1", PrizeId = "pass", ActivityId = "riddles", Pseudonym = Winner,
            EntrantId = "wx_zhang", Mode = AwardedBy.Draw, AwardedAt = deadline.AddDays(-7), Rank = 1, Status = AwardStatus.Claimed,
            ClaimDeadline = deadline, PassedTo = null,
        };
        var contact = new ClaimContact(campaign.Id, award.AwardId, Winner, "张三", "13800138000", "陕西省西安市, \"雁塔区\"\n某路1号",
            deadline, deadline.AddDays(90));

        var text = Encoding.UTF8.GetString(await BytesOf(AwardsExport.For(campaign, [(award, contact), (award with { AwardId = "x", Rank = null }, null)])));

        Assert.Equal("\uFEFFawardId,prizeId,mode,status,rank,entrantId,name,phone,address,claimDeadline,passedTo\r\n" +
                     "draw-pass-1,pass,draw,claimed,1,wx_zhang,张三,13800138000,\"陕西省西安市, \"\"雁塔区\"\"\n某路1号\",2027-03-02T00:00:00+08:00,\r\n" +
                     "x,pass,draw,claimed,,wx_zhang,,,,2027-03-02T00:00:00+08:00,\r\n", text);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+86 138", "\"'+86 138\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("wx_=zhang", "wx_=zhang")]
    public async Task Text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string entrantId, string cell)
    {
        var export = WinnersExport.For("c", "d", [(new RankedEntry(1, Winner, 1, -0.5, "pass"), entrantId)]);

        var row = Encoding.UTF8.GetString(await BytesOf(export)).Split("\r\n", 2)[1];

        Assert.Equal($"1,winner,pass,{cell},{Winner},1,-0.5\r\n", row); // the negative score is a number, not guarded
    }

    [Fact]
    public async Task An_export_without_rows_is_its_header()
    {
        var text = Encoding.UTF8.GetString(await BytesOf(WinnersExport.For("c", "d", [])));

        Assert.Equal("\uFEFFrank,role,prizeId,entrantId,pseudonym,weight,score\r\n", text);
    }

    [Fact]
    public async Task Rows_reach_the_destination_while_later_rows_are_still_being_produced()
    {
        var destination = new MemoryStream();
        long writtenBeforeTheLastRow = -1;
        const int rows = 20_000; // about 1.6 MB: many times the writer's buffer

        async IAsyncEnumerable<WinnerRow> Produce()
        {
            for (var i = 1; i <= rows; i++)
            {
                if (i == rows) writtenBeforeTheLastRow = destination.Length;
                await Task.Yield();
                yield return new WinnerRow(i, "alternate", null, $"entrant-{i}", Winner, 1, -i);
            }
        }

        await CsvExport.Of("big.csv", Produce()).WriteToAsync(destination, CancellationToken.None);

        Assert.True(writtenBeforeTheLastRow > destination.Length / 2,
            $"{writtenBeforeTheLastRow} of {destination.Length} bytes were written before the last row: the file was held, not streamed.");
    }
}
