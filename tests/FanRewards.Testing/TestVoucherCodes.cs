namespace FanRewards.Testing;

/// <summary>Voucher codes for tests: PREFIX-000001, PREFIX-000002, …</summary>
public static class TestVoucherCodes
{
    public static List<string> Numbered(int count, string prefix = "MOVIE") =>
        Enumerable.Range(1, count).Select(i => $"{prefix}-{i:D6}").ToList();
}
