using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FanRewards.Core.Campaigns;

/// <summary>
/// Schedules are written as local times in the campaign's zone ("20:00 on Lantern Festival, Asia/Shanghai") and
/// stored as instants; responses show them back in that zone with its offset.
/// </summary>
public static class CampaignTime
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    private static readonly string[] LocalFormats =
        ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    private static readonly string[] OffsetFormats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64) return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a local date-time in <paramref name="zone"/>, or an instant with an explicit offset. A local time that
    /// does not exist (skipped by a daylight-saving change) is refused rather than guessed.
    /// </summary>
    public static bool TryParse(string? text, TimeZoneInfo zone, out DateTimeOffset instant, [NotNullWhen(false)] out string? error)
    {
        instant = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A time is required.";
            return false;
        }
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (zone.IsInvalidTime(local))
            {
                error = $"'{text}' does not exist in {zone.Id} (a daylight-saving gap).";
                return false;
            }
            instant = new DateTimeOffset(local, zone.GetUtcOffset(local));
            return true;
        }
        // Local forms were tried first, so whatever matches here carries its own offset.
        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            instant = withOffset;
            return true;
        }
        error = $"'{text}' is not a date-time like 2027-02-20T20:00:00 (local to the campaign) or 2027-02-20T12:00:00Z.";
        return false;
    }

    public static DateTimeOffset Parse(string? text, TimeZoneInfo zone) =>
        TryParse(text, zone, out var instant, out var error) ? instant : throw new FormatException(error);

    /// <summary>An instant shown in the campaign's zone, e.g. 2027-02-20T20:00:00+08:00.</summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// The same instant at the campaign's offset, for a view that keeps a DateTimeOffset: JSON then writes it as
    /// 2027-02-20T20:00:00.5+08:00 rather than in UTC (the storage's offset).
    /// </summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>An instant written back as a local time of the zone, the form admins edit.</summary>
    public static string FormatLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>"Per day" means the campaign's day: a like at 23:30 and at 00:30 Beijing time are on two days.</summary>
    public static string LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
