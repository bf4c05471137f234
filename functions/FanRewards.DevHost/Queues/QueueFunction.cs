using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using FanRewards.DevHost.Discovery;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Queues;

/// <summary>A queue-triggered function and the queue it listens to.</summary>
internal sealed record QueueFunction(FunctionMethod<QueueMessage> Function, string QueueName, string ConnectionSetting)
{
    /// <summary>The setting that names the storage account when the trigger names none.</summary>
    public const string DefaultConnectionSetting = "AzureWebJobsStorage";

    /// <summary>The host's binding data for queue messages: parameters with these names receive them.</summary>
    private static readonly Dictionary<string, (Type Type, Func<QueueMessage, object?> Read)> BindingData =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = (typeof(string), m => m.MessageId),
            ["messageId"] = (typeof(string), m => m.MessageId),
            ["popReceipt"] = (typeof(string), m => m.PopReceipt),
            ["dequeueCount"] = (typeof(long), m => m.DequeueCount),
            ["insertionTime"] = (typeof(DateTimeOffset?), m => m.InsertedOn),
            ["expirationTime"] = (typeof(DateTimeOffset?), m => m.ExpiresOn),
            ["nextVisibleTime"] = (typeof(DateTimeOffset?), m => m.NextVisibleOn),
        };

    public string Name => Function.Name;

    public string PoisonQueueName => $"{QueueName}-poison";

    public static QueueFunction Create(
        string name, MethodInfo method, QueueTriggerAttribute trigger, ParameterInfo triggerParameter,
        IConfiguration configuration)
    {
        var queueName = AppSettings.Resolve(trigger.QueueName, configuration, name);
        var function = FunctionMethod<QueueMessage>.Create(name, method, parameter =>
            parameter == triggerParameter ? MessageBody(parameter.ParameterType) : NamedBindingData(parameter));
        return new QueueFunction(function, queueName, trigger.Connection ?? DefaultConnectionSetting);
    }

    private static ArgumentSource<QueueMessage> MessageBody(Type type)
    {
        if (type == typeof(QueueMessage))
        {
            return (message, _) => message;
        }

        if (type == typeof(string))
        {
            return (message, _) => message.Body.ToString();
        }

        if (type == typeof(byte[]))
        {
            return (message, _) => message.Body.ToArray();
        }

        if (type == typeof(BinaryData))
        {
            return (message, _) => message.Body;
        }

        // Like the worker: anything else is the message's JSON.
        return (message, _) => JsonSerializer.Deserialize(message.Body, type, JsonSerializerOptions.Web);
    }

    private static ArgumentSource<QueueMessage>? NamedBindingData(ParameterInfo parameter)
    {
        if (!BindingData.TryGetValue(parameter.Name!, out var data))
        {
            return null;
        }

        var target = parameter.ParameterType;
        if (target.IsAssignableFrom(data.Type) || Nullable.GetUnderlyingType(data.Type) == target)
        {
            return (message, _) => data.Read(message) ?? (target.IsValueType ? Activator.CreateInstance(target) : null);
        }

        if (data.Type == typeof(long) && target == typeof(int))
        {
            return (message, _) => checked((int)(long)data.Read(message)!);
        }

        return null;
    }
}
