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
        AdmitAnonymous(request);
        var entrant = await authenticator.AuthenticateAsync(request);
        limiter.Acquire(null, entrant.Id);
        return entrant;
    }

    /// <summary>The address limit alone, for the routes that need no token.</summary>
    public void AdmitAnonymous(HttpRequest request) => limiter.Acquire(address.Of(request), null);
}
