using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FanRewards.DevHost.Invocation;

namespace FanRewards.DevHost.Queues;

/// <summary>
/// Feeds one queue's messages to its function with the Functions host's rules: up to batchSize at once,
/// delete on success, retry after visibilityTimeout on failure, and move to <c>&lt;queue&gt;-poison</c> on
/// the maxDequeueCount-th failure.
/// </summary>
internal sealed partial class QueueFunctionPump(
    QueueFunction function,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueHostOptions options,
    FunctionInvoker invoker,
    ILogger logger)
{
    /// <summary>The most messages one receive call may ask for (a storage limit).</summary>
    private const int MaxMessagesPerReceive = 32;

    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The DevHost polls an idle queue at least this often, so local runs feel live.</summary>
    private static readonly TimeSpan DevHostMaxPollingInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a received message stays hidden while its function runs, as in the host. A function running
    /// longer would see its message again; the host's own function timeout stops it before that.
    /// </summary>
    private static readonly TimeSpan ReceiveVisibilityTimeout = TimeSpan.FromMinutes(10);

    public async Task RunAsync(CancellationToken stopping)
    {
        using var freeSlots = new SemaphoreSlim(options.BatchSize);
        var running = new List<Task>();
        var idleDelay = MinPollingInterval;
        var maxIdleDelay = options.MaxPollingInterval < DevHostMaxPollingInterval
            ? options.MaxPollingInterval
            : DevHostMaxPollingInterval;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var reserved = await ReserveSlotsAsync(freeSlots, stopping);
                var messages = await ReceiveAsync(reserved, stopping);
                if (reserved > messages.Length)
                {
                    freeSlots.Release(reserved - messages.Length);
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(idleDelay, stopping);
                    idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, maxIdleDelay.Ticks));
                    continue;
                }

                idleDelay = MinPollingInterval;
                running.RemoveAll(task => task.IsCompleted);
                // Off the polling loop, so that a function that blocks does not hold up the others.
                running.AddRange(messages.Select(message =>
                    Task.Run(() => ProcessThenFreeSlotAsync(message, freeSlots, stopping), CancellationToken.None)));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        // The slots' semaphore must outlive the messages still running.
        await Task.WhenAll(running);
    }

    /// <summary>Waits for one free slot, then takes every other slot that is free right now.</summary>
    private static async Task<int> ReserveSlotsAsync(SemaphoreSlim freeSlots, CancellationToken stopping)
    {
        await freeSlots.WaitAsync(stopping);
        var reserved = 1;
        while (reserved < MaxMessagesPerReceive && freeSlots.Wait(0, CancellationToken.None))
        {
            reserved++;
        }

        return reserved;
    }

    private async Task<QueueMessage[]> ReceiveAsync(int maxMessages, CancellationToken stopping)
    {
        try
        {
            return (await queue.ReceiveMessagesAsync(maxMessages, ReceiveVisibilityTimeout, stopping)).Value;
        }
        catch (RequestFailedException exception)
        {
            // Storage hiccups (Azurite restarting, a network blip) must not end the listener; poll again later.
            LogReceiveFailed(exception, queue.Name);
            return [];
        }
    }

    private async Task ProcessThenFreeSlotAsync(QueueMessage message, SemaphoreSlim freeSlots, CancellationToken stopping)
    {
        try
        {
            await ProcessAsync(message, stopping);
        }
        catch (Exception exception)
        {
            // A storage failure while settling a message: it becomes visible again and is retried.
            LogSettleFailed(exception, message.MessageId, queue.Name);
        }
        finally
        {
            freeSlots.Release();
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stopping)
    {
        // A message whose earlier try ended the process without settling it arrives past the limit.
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message);
            return;
        }

        try
        {
            await invoker.InvokeAsync(function.Function, message, stopping);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Shutting down is not the message's fault: hand it back for the next run, without a penalty wait.
            // Settling runs to its end even while stopping (CancellationToken.None): else the message waits out its lease.
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            return;
        }
        catch (Exception)
        {
            // The invoker has logged the exception.
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message);
            }
            else
            {
                await queue.UpdateMessageAsync(
                    message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }

            return;
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
    }

    private async Task MoveToPoisonAsync(QueueMessage message)
    {
        await poisonQueue.SendMessageAsync(message.Body);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        LogPoisoned(message.MessageId, queue.Name, message.DequeueCount, poisonQueue.Name);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue '{QueueName}' failed; polling again")]
    private partial void LogReceiveFailed(Exception exception, string queueName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling message {MessageId} of queue '{QueueName}' failed")]
    private partial void LogSettleFailed(Exception exception, string messageId, string queueName);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Message {MessageId} of queue '{QueueName}' failed {DequeueCount} times: moved to '{PoisonQueueName}'")]
    private partial void LogPoisoned(string messageId, string queueName, long dequeueCount, string poisonQueueName);
}
