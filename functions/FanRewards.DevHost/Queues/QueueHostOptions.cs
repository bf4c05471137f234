namespace FanRewards.DevHost.Queues;

/// <summary>host.json's <c>extensions.queues</c>, with the Functions host's defaults.</summary>
internal sealed class QueueHostOptions
{
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a failed message stays invisible before its next try.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>How many messages of one queue run at once.</summary>
    public int BatchSize { get; set; } = 16;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>base64</c> (the default) or <c>none</c>.</summary>
    public string MessageEncoding { get; set; } = "base64";

    public void Validate()
    {
        if (MaxDequeueCount < 1 || BatchSize is < 1 or > 32 || VisibilityTimeout < TimeSpan.Zero
            || MaxPollingInterval <= TimeSpan.Zero
            || !(IsBase64 || MessageEncoding.Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException(
                "host.json extensions.queues is out of range: maxDequeueCount >= 1, batchSize 1..32, "
                + "visibilityTimeout >= 0, maxPollingInterval > 0, messageEncoding base64 or none.");
        }
    }

    public bool IsBase64 => MessageEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase);
}
