using FanRewards.Core.Awards;

namespace FanRewards.Core.Tests.Awards;

/// <summary>A text upload read as CSV, one code per line, each with the line it came from.</summary>
public class VoucherUploadTests
{
    private static List<(string? Code, string Where)> Read(string text)
    {
        var upload = VoucherUpload.FromText(text);
        return upload.Codes.Select((code, i) => (code, upload.Where(i))).ToList();
    }

    [Fact]
    public void A_spreadsheets_file_gives_its_codes_by_line_without_the_bom_header_quotes_or_blank_lines()
    {
        var read = Read("\uFEFFCode\r\n\"MOVIE-0001\"\r\n\r\n  MOVIE-0002 \r\n \"MOVIE-0003\" \r\nMOVIE-0004");

        Assert.Equal([("MOVIE-0001", "line 2"), ("MOVIE-0002", "line 4"), ("MOVIE-0003", "line 5"), ("MOVIE-0004", "line 6")], read);
    }

    [Fact]
    public void Lf_cr_and_crlf_all_end_a_line()
    {
        Assert.Equal([("A-1", "line 1"), ("A-2", "line 2"), ("A-3", "line 3"), ("A-4", "line 5")], Read("A-1\nA-2\rA-3\r\n\nA-4\n"));
    }

    [Fact]
    public void Full_width_spaces_around_a_code_or_its_quotes_go_too()
    {
        Assert.Equal([("A-1", "line 1"), ("A-2", "line 2")], Read("\u3000A-1\u3000\n\u3000\"A-2\"\u3000"));
    }

    [Fact]
    public void A_first_line_that_is_a_code_is_a_code_and_only_the_first_line_can_be_the_header()
    {
        Assert.Equal([("A-1", "line 1"), ("code", "line 2")], Read("A-1\ncode"));
    }

    [Theory]
    [InlineData("A-1,A-2", "A-1,A-2")] // two columns: not a code, kept whole so the line is refused
    [InlineData("\"A-1", "\"A-1")] // an unclosed quote does not swallow the next line
    [InlineData("A\"-1", "A\"-1")]
    [InlineData("\"A-1\"x", "\"A-1\"x")]
    public void A_line_that_is_not_one_well_formed_field_is_kept_whole_and_fails_validation(string line, string kept)
    {
        var read = Read(line + "\nB-2");

        Assert.Equal([(kept, "line 1"), ("B-2", "line 2")], read);
        Assert.False(VoucherCodes.IsValid(read[0].Code));
    }

    [Fact]
    public void Empty_text_and_blank_lines_give_no_codes()
    {
        Assert.Empty(Read(""));
        Assert.Empty(Read("\r\n  \r\n\"\"\r\n"));
        Assert.Empty(Read("code\r\n\r\n"));
    }

    [Fact]
    public void A_json_list_is_placed_by_index()
    {
        var upload = VoucherUpload.FromList(["A-1", null]);

        Assert.Equal(("codes[0]", "codes[1]"), (upload.Where(0), upload.Where(1)));
    }
}
