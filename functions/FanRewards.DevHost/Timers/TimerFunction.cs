using System.Reflection;
using FanRewards.DevHost.Discovery;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace FanRewards.DevHost.Timers;

/// <summary>A timer-triggered function and its NCRONTAB schedule.</summary>
internal sealed record TimerFunction(
    FunctionMethod<TimerInfo> Function, string Expression, CrontabSchedule Schedule, bool RunOnStartup)
{
    public string Name => Function.Name;

    public static TimerFunction Create(
        string name, MethodInfo method, TimerTriggerAttribute trigger, ParameterInfo triggerParameter,
        IConfiguration configuration)
    {
        if (triggerParameter.ParameterType != typeof(TimerInfo))
        {
            throw new InvalidFunctionException(name, method,
                $"the timer trigger parameter must be a TimerInfo, not {triggerParameter.ParameterType.Name}.");
        }

        var expression = AppSettings.Resolve(trigger.Schedule, configuration, name);
        // The host reads six fields (with seconds) and also accepts the classic five.
        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? CrontabSchedule.TryParse(expression)
            ?? throw new InvalidFunctionException(name, method,
                $"schedule '{expression}' is not an NCRONTAB expression (six fields with seconds, or five).");

        var function = FunctionMethod<TimerInfo>.Create(name, method, parameter =>
            parameter == triggerParameter ? (timer, _) => timer : null);
        return new TimerFunction(function, expression, schedule, trigger.RunOnStartup);
    }
}
