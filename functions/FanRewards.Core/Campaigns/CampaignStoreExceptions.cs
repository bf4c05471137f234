namespace FanRewards.Core.Campaigns;

/// <summary>Someone else saved the campaign since the version the change was made on (its ETag).</summary>
public sealed class EditConflictException(string campaignId)
    : Exception($"Campaign '{campaignId}' was changed concurrently.");

/// <summary>A campaign with that id exists already.</summary>
public sealed class CampaignAlreadyExistsException(string campaignId)
    : Exception($"Campaign '{campaignId}' already exists.");
