using System.Security.Cryptography;
using System.Text;
using ExplainHub.Server.Sessions;

namespace ExplainHub.Server.Tests.Sessions;

public sealed class ShareTokenTests
{
    [Fact]
    public void New_Carries256RandomBits_InUrlSafeText()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => ShareToken.New()).ToArray();

        Assert.All(tokens, t =>
        {
            Assert.Equal(ShareToken.Length, t.Length);
            Assert.True(ShareToken.IsWellFormed(t), t);
            var bytes = Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/') + "=");
            Assert.Equal(32, bytes.Length);
        });
        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());

        // Every bit position takes both values across 2000 draws: a generator stuck on some bits would not.
        var decoded = tokens.Select(t => Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/') + "=")).ToArray();
        for (var bit = 0; bit < 256; bit++)
        {
            var ones = decoded.Count(b => (b[bit / 8] >> (bit % 8) & 1) == 1);
            Assert.InRange(ones, 800, 1200);
        }
    }

    [Fact]
    public void Hash_IsSha256OfTheToken_NotTheTokenItself()
    {
        var token = ShareToken.New();

        var hash = ShareToken.Hash(token);

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), hash);
        Assert.NotEqual(Encoding.UTF8.GetBytes(token), hash);
        Assert.NotEqual(hash, ShareToken.Hash(ShareToken.New()));
    }

    [Fact]
    public void Matches_OnlyTheTokenTheHashWasMadeFrom()
    {
        var token = ShareToken.New();
        var hash = ShareToken.Hash(token);
        var lastChanged = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var firstChanged = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        Assert.True(ShareToken.Matches(hash, token));
        Assert.False(ShareToken.Matches(hash, lastChanged));
        Assert.False(ShareToken.Matches(hash, firstChanged));
        Assert.False(ShareToken.Matches(hash.AsSpan(0, 31), token));
        var caseFlipped = string.Concat(token.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
        Assert.False(ShareToken.Matches(hash, caseFlipped));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 42
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 44
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // padding
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")] // base64, not base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ")]
    [InlineData("../../../../../../../../../../etc/passwd/..")]
    public void IsWellFormed_RefusesAnythingButA43CharacterBase64UrlToken(string token)
    {
        Assert.False(ShareToken.IsWellFormed(token));
        Assert.False(ShareToken.Matches(ShareToken.Hash(token), token));
    }
}
