namespace FanRewards.Core.Steps;

/// <summary>
/// A queue by its name, typed by the one kind of step it carries, so that no step is sent where its trigger would not
/// read it. The name is part of the deployment: the queue-triggered functions listen on it.
/// </summary>
public sealed record StepQueue<TStep>(string Name) where TStep : class;
