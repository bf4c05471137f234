using FanRewards.DevHost;

await using var devHost = await DevHostApp.BuildAsync(args);
await devHost.RunAsync();
