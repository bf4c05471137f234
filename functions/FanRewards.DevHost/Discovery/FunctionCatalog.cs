using System.Reflection;
using FanRewards.DevHost.Http;
using FanRewards.DevHost.Queues;
using FanRewards.DevHost.Timers;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Discovery;

/// <summary>
/// Every function found by its attributes: public methods with <c>[Function]</c> whose trigger parameter is
/// an HTTP, queue or timer trigger. Anything the DevHost cannot run as the Functions host would fails here,
/// at startup, with the function's name in the message.
/// </summary>
internal sealed class FunctionCatalog
{
    private FunctionCatalog(
        IReadOnlyList<HttpFunction> http, IReadOnlyList<QueueFunction> queues, IReadOnlyList<TimerFunction> timers)
    {
        HttpFunctions = http;
        QueueFunctions = queues;
        TimerFunctions = timers;
    }

    public IReadOnlyList<HttpFunction> HttpFunctions { get; }

    public IReadOnlyList<QueueFunction> QueueFunctions { get; }

    public IReadOnlyList<TimerFunction> TimerFunctions { get; }

    public static FunctionCatalog Discover(
        IEnumerable<Type> candidateTypes, IConfiguration configuration, HostSettings hostSettings)
    {
        var http = new List<HttpFunction>();
        var queues = new List<QueueFunction>();
        var timers = new List<TimerFunction>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var (name, method) in FunctionMethods(candidateTypes))
        {
            if (!names.Add(name))
            {
                throw new InvalidFunctionException(name, method, "another function has the same name; the Functions host refuses that too.");
            }

            var (trigger, parameter) = Trigger(name, method);
            switch (trigger)
            {
                case HttpTriggerAttribute httpTrigger:
                    http.Add(HttpFunction.Create(name, method, httpTrigger, parameter, hostSettings.RoutePrefix));
                    break;
                case QueueTriggerAttribute queueTrigger:
                    queues.Add(QueueFunction.Create(name, method, queueTrigger, parameter, configuration));
                    break;
                case TimerTriggerAttribute timerTrigger:
                    timers.Add(TimerFunction.Create(name, method, timerTrigger, parameter, configuration));
                    break;
            }
        }

        return new FunctionCatalog(http, queues, timers);
    }

    private static IEnumerable<(string Name, MethodInfo Method)> FunctionMethods(IEnumerable<Type> candidateTypes) =>
        from type in candidateTypes
        where type.IsClass && type.IsVisible && !type.ContainsGenericParameters
        from method in type.GetMethods(
            BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        select (function.Name, method);

    private static (Attribute Trigger, ParameterInfo Parameter) Trigger(string name, MethodInfo method)
    {
        if (method.DeclaringType!.IsAbstract && !method.IsStatic)
        {
            throw new InvalidFunctionException(name, method, "an instance function on an abstract class cannot be created.");
        }

        var triggers = (
            from parameter in method.GetParameters()
            from attribute in parameter.GetCustomAttributes()
            where attribute is HttpTriggerAttribute or QueueTriggerAttribute or TimerTriggerAttribute
            select (attribute, parameter)).ToList();
        return triggers.Count == 1
            ? triggers[0]
            : throw new InvalidFunctionException(name, method,
                "the DevHost serves functions with exactly one HttpTrigger, QueueTrigger or TimerTrigger parameter.");
    }
}
