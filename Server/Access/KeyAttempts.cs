using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace ExplainHub.Server.Access;

/// <summary>
/// How many tries at the access key a client has left this minute, shared by the sign-in form (every attempt counts)
/// and bearer tokens (wrong ones count): enough for typos, far too few to guess a key. A client is its address, an IPv6
/// one by its /64, which one host usually holds whole.
/// </summary>
public sealed class KeyAttempts : IDisposable
{
    /// <summary>Tries a client has a minute.</summary>
    public const int PerMinute = 10;

    private readonly PartitionedRateLimiter<string> _limiter;

    public KeyAttempts() =>
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = PerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    /// <summary>Takes one try; false when the client has none left.</summary>
    public bool TryTake(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(Client(context));
        return lease.IsAcquired;
    }

    /// <summary>Whether the client has no tries left (nothing is taken).</summary>
    public bool Exhausted(HttpContext context) => _limiter.GetStatistics(Client(context))?.CurrentAvailablePermits == 0;

    internal static string Client(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        { AddressFamily: AddressFamily.InterNetworkV6 } v6 => new IPAddress([.. v6.GetAddressBytes()[..8], 0, 0, 0, 0, 0, 0, 0, 0]) + "/64",
        var address => address.ToString(),
    };

    public void Dispose() => _limiter.Dispose();
}
