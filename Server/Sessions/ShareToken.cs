using System.Security.Cryptography;
using System.Text;

namespace ExplainHub.Server.Sessions;

/// <summary>
/// The secret in a share link. 256 bits from the operating system's CSPRNG, written base64url; the server keeps only
/// its SHA-256, so a copy of the database opens nothing. Tokens are high-entropy, so a plain (unsalted) hash is enough
/// and lets a presented token be looked up by its hash.
/// </summary>
public static class ShareToken
{
    public const int Bytes = 32;

    /// <summary>43 characters: 32 bytes in base64url without padding.</summary>
    public const int Length = 43;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Whether <paramref name="token"/> is the one <paramref name="storedHash"/> was made from, in time independent of where they differ.</summary>
    public static bool Matches(ReadOnlySpan<byte> storedHash, string token) =>
        IsWellFormed(token) && CryptographicOperations.FixedTimeEquals(storedHash, Hash(token));

    /// <summary>Right length and alphabet: anything else is refused before any lookup.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
