using CsvHelper;

namespace FanRewards.Core.Awards;

/// <summary>
/// The codes of one upload as sent, each with where it was in the body ("line 7" for text, "codes[6]" for JSON),
/// so validation can point at a bad code without repeating it.
/// </summary>
public sealed class VoucherUpload
{
    /// <summary>
    /// One code per line, read as CSV: each line is its own record (a quote never joins lines, so a stray one spoils its
    /// own line only), the separator is always a comma, and empty lines are skipped.
    /// </summary>
    private static readonly CsvReaderOptions Lines = CsvReaderOptions.Default with
    {
        HasHeader = false,
        Separator = ',',
        DetectSeparatorHint = false,
        AllowLineBreaksInQuotes = false,
        SkipEmptyLines = true,
        TrimWhitespace = true,
        TrimInsideQuotes = true,
        TrackLineNumbers = true,
    };

    private readonly IReadOnlyList<int>? _lines;

    private VoucherUpload(IReadOnlyList<string?> codes, IReadOnlyList<int>? lines)
    {
        Codes = codes;
        _lines = lines;
    }

    /// <summary>The codes as sent, untrimmed; null where a JSON array held null.</summary>
    public IReadOnlyList<string?> Codes { get; }

    /// <summary>Where the code at <paramref name="index"/> was: its 1-based line in a text body, or its JSON path.</summary>
    public string Where(int index) => _lines is null ? $"codes[{index}]" : $"line {_lines[index]}";

    public static VoucherUpload FromList(IReadOnlyList<string?> codes) => new(codes, null);

    /// <summary>
    /// One code per line (CSV or plain text): LF, CRLF or CR, blank lines ignored, a first line "code" (any case) taken as
    /// a header and skipped, a leading byte-order mark, surrounding white space and one pair of surrounding double quotes
    /// (as spreadsheets write them) removed. A line that is not one well-formed field (a comma, a stray quote) is kept
    /// whole, so that validation refuses it at its line instead of a part of it slipping through.
    /// </summary>
    public static VoucherUpload FromText(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var malformed = new HashSet<long>();
        using var reader = CsvReader.FromText(text, Lines with { OnMalformedRecord = record => malformed.Add(record.LineNumber) });
        var codes = new List<string?>();
        var lines = new List<int>();
        var headerChecked = false;
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var code = Unquoted(reader.FieldCount == 1 && !malformed.Contains(line) ? reader.GetString(0) : reader.Current.ToString());
            if (code.Length == 0) continue;
            if (!headerChecked)
            {
                headerChecked = true;
                if (code.Equals("code", StringComparison.OrdinalIgnoreCase)) continue;
            }
            codes.Add(code);
            lines.Add(line);
        }
        return new VoucherUpload(codes, lines);
    }

    /// <summary>
    /// The reader trims spaces and tabs only: other white space (a full-width space from a Chinese keyboard) goes here,
    /// and with it the quotes it kept the reader from seeing.
    /// </summary>
    private static string Unquoted(string field)
    {
        var value = field.Trim();
        return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Trim() : value;
    }
}
