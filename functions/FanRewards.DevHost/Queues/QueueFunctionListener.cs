using Azure.Storage.Queues;
using FanRewards.DevHost.Discovery;
using FanRewards.DevHost.Invocation;

namespace FanRewards.DevHost.Queues;

/// <summary>Runs a <see cref="QueueFunctionPump"/> for every queue-triggered function.</summary>
internal sealed partial class QueueFunctionListener(
    FunctionCatalog catalog,
    HostSettings hostSettings,
    IConfiguration configuration,
    FunctionInvoker invoker,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<QueueFunctionListener>();
    private readonly List<QueueFunctionPump> _pumps = [];

    /// <summary>Creates the queues before the app counts as started, so a message sent then is not lost.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var function in catalog.QueueFunctions)
        {
            var connectionString = ConnectionString(function);
            var queue = Client(connectionString, function.QueueName);
            var poisonQueue = Client(connectionString, function.PoisonQueueName);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _pumps.Add(new QueueFunctionPump(function, queue, poisonQueue, hostSettings.Queues, invoker,
                loggerFactory.CreateLogger<QueueFunctionPump>()));
            LogListening(function.Name, function.QueueName);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_pumps.Select(pump => pump.RunAsync(stoppingToken)));

    /// <summary>The host reads the setting named by the trigger, or that name prefixed with AzureWebJobs.</summary>
    private string ConnectionString(QueueFunction function) =>
        configuration[function.ConnectionSetting]
        ?? configuration[$"AzureWebJobs{function.ConnectionSetting}"]
        ?? throw new InvalidOperationException(
            $"Function '{function.Name}': storage connection setting '{function.ConnectionSetting}' is not set.");

    private QueueClient Client(string connectionString, string queueName)
    {
        var options = new QueueClientOptions
        {
            MessageEncoding = hostSettings.Queues.IsBase64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None,
        };
        // A message another producer wrote without base64 cannot be decoded: the host sends it straight to
        // the poison queue as it came, and so does the DevHost.
        options.MessageDecodingFailed += async failure =>
        {
            if (failure.ReceivedMessage is not { } message)
            {
                return;
            }

            var rawPoisonQueue = new QueueClient(connectionString, $"{queueName}-poison");
            await rawPoisonQueue.SendMessageAsync(message.Body, cancellationToken: failure.CancellationToken);
            await failure.Queue.DeleteMessageAsync(
                message.MessageId, message.PopReceipt, failure.CancellationToken);
            LogUndecodable(message.MessageId, queueName);
        };
        return new QueueClient(connectionString, queueName, options);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function '{FunctionName}' listens to queue '{QueueName}'")]
    private partial void LogListening(string functionName, string queueName);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Message {MessageId} of queue '{QueueName}' is not base64: moved to its poison queue")]
    private partial void LogUndecodable(string messageId, string queueName);
}
