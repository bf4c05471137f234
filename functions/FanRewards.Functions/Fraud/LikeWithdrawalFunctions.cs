using FanRewards.Core.Figures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Fraud;

/// <summary>The second run of each like withdrawal, once the disqualification has reached every instance's copy.</summary>
public sealed class LikeWithdrawalFunctions(LikeWithdrawalSweep sweep, ILogger<LikeWithdrawalFunctions> logger)
{
    /// <summary>Every minute, through the due index: a minute with nothing due reads only that.</summary>
    [Function(nameof(WithdrawLikesAgain))]
    public async Task WithdrawLikesAgain([TimerTrigger("45 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var ran = await sweep.SweepAsync(cancellationToken);
        if (ran > 0) logger.LogInformation("Like withdrawals run again for {Count} entrants", ran);
    }
}
