using FanRewards.Core.Entries;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Identity;

/// <summary>
/// The way in for every entrant route: the address limit first (it needs no token), then who you are, then your
/// own limit.
/// </summary>
public sealed class EntrantGate(EntrantAuthenticator authenticator, RateLimiter limiter, ClientAddress address)
{
    public async Task<Entrant> AdmitAsync(HttpRequest request)
    {
        var from = address.Of(request);
        limiter.Acquire(from, null);
        var entrant = await authenticator.AuthenticateAsync(request);
        limiter.Acquire(null, entrant.Id);
        // Only the network and the user-agent family go on; the entry keeps them as keyed hashes.
        return entrant with { Client = new ClientTraits(NetworkPrefix.Of(from), UserAgentFamily.Of(request.Headers.UserAgent.ToString())) };
    }

    /// <summary>The address limit alone, for the routes that need no token.</summary>
    public void AdmitAnonymous(HttpRequest request) => limiter.Acquire(address.Of(request), null);
}
