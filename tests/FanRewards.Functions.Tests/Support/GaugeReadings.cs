using System.Diagnostics.Metrics;
using FanRewards.Core.Telemetry;

namespace FanRewards.Functions.Tests.Support;

/// <summary>What a FanRewards gauge reports now, read as an exporter reads it: a MeterListener that asks for the observable instruments' values.</summary>
public static class GaugeReadings
{
    /// <summary>The gauge's measurements whose campaign tag is <paramref name="campaignId"/>, by their prize tag (null when none).</summary>
    public static Dictionary<string, long> Of(string gauge, string campaignId)
    {
        var readings = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FanRewardsTelemetry.Name && instrument.Name == gauge) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? campaign = null, prize = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "campaign") campaign = tag.Value as string;
                if (tag.Key == "prize") prize = tag.Value as string;
            }
            if (campaign == campaignId) lock (readings) readings[prize ?? ""] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        lock (readings) return new Dictionary<string, long>(readings);
    }
}
