namespace FanRewards.Functions.Http;

/// <summary>Fields of the admin CSV exports.</summary>
public static class CsvText
{
    /// <summary>
    /// RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula: entrant ids and names
    /// come from outside and end up in Excel at the organiser's office.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
