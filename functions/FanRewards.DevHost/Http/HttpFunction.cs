using System.Reflection;
using FanRewards.DevHost.Discovery;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Http;

/// <summary>An HTTP-triggered function: where it is served, for which methods, behind which key level.</summary>
internal sealed record HttpFunction(
    FunctionMethod<HttpContext> Function,
    string RoutePattern,
    IReadOnlyList<string> Methods,
    AuthorizationLevel AuthorizationLevel)
{
    /// <summary>Route prefixes the Functions host keeps for itself and refuses to give a function.</summary>
    private static readonly string[] ReservedRoutePrefixes = ["admin", "runtime"];

    public string Name => Function.Name;

    public static HttpFunction Create(
        string name, MethodInfo method, HttpTriggerAttribute trigger, ParameterInfo triggerParameter, string routePrefix)
    {
        var route = (trigger.Route ?? name).Trim('/');
        if (ReservedRoutePrefixes.Any(reserved => route.StartsWith(reserved, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidFunctionException(name, method,
                $"route '{route}' starts with '{string.Join("' or '", ReservedRoutePrefixes)}', "
                + "which the Functions host reserves for its own endpoints.");
        }

        if (triggerParameter.ParameterType != typeof(HttpRequest))
        {
            throw new InvalidFunctionException(name, method,
                $"the HTTP trigger parameter must be an HttpRequest (ASP.NET Core integration), not {triggerParameter.ParameterType.Name}.");
        }

        var pattern = string.IsNullOrEmpty(routePrefix) ? $"/{route}" : $"/{routePrefix}/{route}";
        var routeParameters = RoutePatternFactory.Parse(pattern).Parameters
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var function = FunctionMethod<HttpContext>.Create(name, method, parameter =>
            parameter == triggerParameter ? (context, _) => context.Request
            : routeParameters.Contains(parameter.Name!) ? RouteValue(parameter)
            : null);

        var methods = (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray();
        return new HttpFunction(function, pattern, methods, trigger.AuthLevel);
    }

    private static ArgumentSource<HttpContext>? RouteValue(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var convert = TextValueConverter.For(type);
        if (convert is null)
        {
            return null;
        }

        // An optional segment that was left out binds like the host: the parameter's default.
        var absent = parameter.HasDefaultValue ? parameter.DefaultValue
            : type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type)
            : null;
        var name = parameter.Name!;
        return (context, _) => context.GetRouteValue(name)?.ToString() is { } text ? convert(text) : absent;
    }
}
