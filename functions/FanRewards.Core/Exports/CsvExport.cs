using CsvHelper;

namespace FanRewards.Core.Exports;

/// <summary>
/// A CSV file for the organiser, written into the response row by row as the rows come, never held whole. UTF-8 with a
/// byte order mark (so a spreadsheet opens it as UTF-8), CRLF line ends, RFC 4180 quoting, a header even without rows,
/// and a formula guard: a text cell that starts with = + - @, a tab or a CR is written as text ('=…, quoted). Entrant ids
/// and names come from outside and end up in Excel at the organiser's office, where a formula would run. Numbers are
/// not text, so a negative score stays a number.
/// </summary>
public sealed class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        NewLine = "\r\n",
        Injection = CsvInjection.Escape,
    };

    private readonly Func<CsvWriter, CancellationToken, ValueTask> _writeRecords;

    private CsvExport(string fileName, Func<CsvWriter, CancellationToken, ValueTask> writeRecords)
    {
        FileName = fileName;
        _writeRecords = writeRecords;
    }

    /// <summary>The name a browser saves the file under.</summary>
    public string FileName { get; }

    /// <summary>A file of <typeparamref name="TRow"/> records (a <see cref="CsvRecordAttribute"/> type: its columns, in order).</summary>
    public static CsvExport Of<TRow>(string fileName, IAsyncEnumerable<TRow> rows) =>
        new(fileName, (csv, ct) => csv.WriteRecordsAsync(rows, ct));

    public static CsvExport Of<TRow>(string fileName, IEnumerable<TRow> rows) =>
        new(fileName, (csv, ct) => csv.WriteRecordsAsync(rows, ct));

    /// <summary>Writes the file to <paramref name="destination"/>, flushing as the buffer fills; leaves it open.</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        await _writeRecords(csv, ct);
        await csv.FlushAsync(ct);
    }
}
