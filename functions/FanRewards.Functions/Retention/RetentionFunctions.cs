using FanRewards.Core.Retention;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Retention;

/// <summary>The retention timer: campaigns whose retention period has ended lose their entrants' personal data.</summary>
public sealed class RetentionFunctions(PersonalDataRetention retention, ILogger<RetentionFunctions> logger)
{
    /// <summary>Every minute, through the due index: a minute with nothing due reads only that.</summary>
    [Function(nameof(RetentionSweep))]
    public async Task RetentionSweep([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var erased = await retention.SweepAsync(cancellationToken);
        if (erased > 0) logger.LogInformation("Retention sweep: the personal data of {Count} campaigns deleted", erased);
    }
}
