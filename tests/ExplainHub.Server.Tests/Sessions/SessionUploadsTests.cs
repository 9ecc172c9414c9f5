using System.Text;
using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Uploads;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;
using Microsoft.EntityFrameworkCore;

namespace ExplainHub.Server.Tests.Sessions;

/// <summary>Images uploaded to a session over a real SQLite file and folder, decoded by the engine's SkiaSharp codec.</summary>
public sealed class SessionUploadsTests : IAsyncLifetime
{
    private static readonly DatasetInfo Dataset = new FakeEngine().Dataset; // 28×28 grey
    private SessionTestBed _bed = null!;
    private StartedSession _started = null!;
    private SessionState _ada = null!;
    private SessionState _bob = null!;

    public async Task InitializeAsync()
    {
        _bed = await SessionTestBed.CreateAsync();
        _started = await _bed.Sessions.StartAsync("s", SessionTestBed.AView);
        _ada = await _bed.Sessions.JoinAsync(_started.EditToken, "Ada");
        _bob = await _bed.Sessions.JoinAsync(_started.ReadToken, "Bob");
    }

    private string UploadFolder => Path.Combine(_bed.Folder, "sessions", "uploads");

    [Fact]
    public async Task AnEditorsUpload_IsConvertedStoredUnderAGeneratedName_AndEveryMemberSeesIt_AlsoAfterARestart()
    {
        var bobHears = _bed.Listen(_bob);
        var png = Png(56, 40, channels: 3);

        var upload = await _bed.NewUploads().AddAsync(_ada.Me.Id, Dataset, "../../etc/shoes/red shoe.png", png);

        Assert.Equal(("red shoe.png", 56, 40, png.Length, "Ada"), (upload.Name, upload.Width, upload.Height, upload.Bytes, upload.UploadedBy));
        Assert.Contains("made grey", upload.Conversion, StringComparison.Ordinal);
        Assert.Contains("28×28", upload.Conversion, StringComparison.Ordinal);
        var preview = ImageCodec.Decode(Convert.FromBase64String(upload.PreviewDataUrl["data:image/png;base64,".Length..]));
        Assert.Equal((112, 112, 1), (preview.Height, preview.Width, preview.Channels));
        var stored = Assert.Single(Directory.GetFiles(UploadFolder, "*", SearchOption.AllDirectories));
        Assert.Equal(Path.Combine(UploadFolder, _started.SessionId.ToString("N"), upload.Id.ToString("N") + ".upload"), stored);
        Assert.Equal(png, await File.ReadAllBytesAsync(stored));
        await Eventually.True(() => bobHears.OfType<UploadsChanged>().Any(u => u.Uploads.Any(x => x.Id == upload.Id)), "Bob to hear of the upload");

        _bed.Restart();
        var bobAgain = await _bed.Sessions.JoinAsync(_started.ReadToken, "Bob");
        var uploads = _bed.NewUploads();
        Assert.Equal([upload.Id], (await uploads.ListAsync(bobAgain.Me.Id)).Select(u => u.Id));
        var opened = await uploads.OpenAsync(bobAgain.Me.Id, upload.Id);
        Assert.Equal("red shoe.png", opened.Name);
        Assert.Equal(png, opened.Content);
    }

    [Fact]
    public async Task WhatIsNotAnAcceptableImage_IsRefusedWithItsReason_AndNothingIsKept()
    {
        var uploads = _bed.NewUploads(o => (o.MaxUploadBytes, o.MaxUploadPixels) = (4000, 30 * 30));

        var text = await Refused(uploads, "notes.png", Encoding.UTF8.GetBytes("this is not a PNG, whatever its name says"));
        var empty = await Refused(uploads, "empty.png", []);
        var large = await Refused(uploads, "noise.bmp", new byte[5000]);
        var pixels = await Refused(uploads, "wide.png", Png(31, 30, channels: 1));
        var reader = await Assert.ThrowsAsync<SessionRefusedException>(() => uploads.AddAsync(_bob.Me.Id, Dataset, "mine.png", Png(8, 8, 1)));

        Assert.Contains("is not an image ExplainHub can read", text, StringComparison.Ordinal);
        Assert.Contains("is empty", empty, StringComparison.Ordinal);
        Assert.Contains("at most 4,000 bytes", large, StringComparison.Ordinal);
        Assert.Contains("31×30 pixels; a session takes images of at most 900 pixels", pixels, StringComparison.Ordinal);
        Assert.Contains("read-only", reader.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(UploadFolder) && Directory.EnumerateFiles(UploadFolder, "*", SearchOption.AllDirectories).Any());
        Assert.Empty(await uploads.ListAsync(_ada.Me.Id));
    }

    [Fact]
    public async Task ASessionKeepsAtMostItsLimit_AndAnUploadOfAnotherSessionOpensNothing()
    {
        var uploads = _bed.NewUploads(o => o.MaxUploadsPerSession = 2);
        await uploads.AddAsync(_ada.Me.Id, Dataset, "a.png", Png(8, 8, 1));
        await uploads.AddAsync(_ada.Me.Id, Dataset, "b.png", Png(9, 9, 1));

        var third = await Refused(uploads, "c.png", Png(10, 10, 1));

        Assert.Contains("already has 2 images", third, StringComparison.Ordinal);
        var other = await _bed.Sessions.StartAsync("other", SessionTestBed.AView);
        var eve = await _bed.Sessions.JoinAsync(other.EditToken, "Eve");
        var hers = await uploads.AddAsync(eve.Me.Id, Dataset, "hers.png", Png(8, 8, 1));
        var crossing = await Assert.ThrowsAsync<SessionRefusedException>(() => uploads.OpenAsync(_bob.Me.Id, hers.Id));
        Assert.Contains("no such image", crossing.Message, StringComparison.Ordinal);
        Assert.Equal(["a.png", "b.png"], (await uploads.ListAsync(_bob.Me.Id)).Select(u => u.Name));
    }

    [Fact]
    public async Task UploadsArrivingTogether_KeepTheLimit_AndEachTakesItsOwnNumber()
    {
        using var uploads = _bed.NewUploads(o => (o.MaxUploadsPerSession, o.MaxUploadsPerMinute) = (3, 100));
        var images = Enumerable.Range(0, 8).Select(i => Png(8 + i, 8, 1)).ToArray();

        // On threads of their own, so each passes the first count while the others decode.
        var attempts = await Task.WhenAll(images.Select((png, i) => Task.Run(async () =>
        {
            try
            {
                return (await uploads.AddAsync(_ada.Me.Id, Dataset, $"{i}.png", png)).Name;
            }
            catch (SessionRefusedException refused)
            {
                return refused.Message;
            }
        })));

        Assert.Equal(3, attempts.Count(a => a.EndsWith(".png", StringComparison.Ordinal)));
        Assert.Equal(5, attempts.Count(a => a.Contains("already has 3 images", StringComparison.Ordinal)));
        Assert.Equal(3, (await uploads.ListAsync(_bob.Me.Id)).Count);
        await using (var db = _bed.Database.Open())
        {
            Assert.Equal([1, 2, 3], await db.Uploads.Select(u => u.Number).OrderBy(n => n).ToListAsync());
        }

        Assert.Equal(3, Directory.GetFiles(UploadFolder, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task ASessionsUploadsAreRateLimited_PerSession()
    {
        using var uploads = _bed.NewUploads(o => o.MaxUploadsPerMinute = 2);
        await uploads.AddAsync(_ada.Me.Id, Dataset, "a.png", Png(8, 8, 1));
        await Refused(uploads, "not an image.png", [1, 2, 3]);

        var third = await Refused(uploads, "c.png", Png(10, 10, 1));

        Assert.Contains("at most 2 uploads a minute", third, StringComparison.Ordinal);
        var other = await _bed.Sessions.StartAsync("other", SessionTestBed.AView);
        var eve = await _bed.Sessions.JoinAsync(other.EditToken, "Eve");
        await uploads.AddAsync(eve.Me.Id, Dataset, "hers.png", Png(8, 8, 1));
    }

    [Fact]
    public async Task AStoredUploadChangedOnDisk_IsNotUsed()
    {
        var uploads = _bed.NewUploads();
        var upload = await uploads.AddAsync(_ada.Me.Id, Dataset, "a.png", Png(8, 8, 1));
        var file = Directory.GetFiles(UploadFolder, "*", SearchOption.AllDirectories).Single();
        await File.WriteAllBytesAsync(file, Png(8, 8, 3));

        var changed = await Assert.ThrowsAsync<SessionRefusedException>(() => uploads.OpenAsync(_bob.Me.Id, upload.Id));

        Assert.Contains("changed on the server", changed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C:\\Users\\ada\\Desktop\\boot.jpg", "boot.jpg")]
    [InlineData("../../../etc/passwd", "passwd")]
    [InlineData("  \u0001tab\tname.png  ", "tabname.png")]
    [InlineData("folder/", "image")]
    [InlineData(null, "image")]
    public void AClientsFileName_KeepsOnlyItsLastPrintablePart(string? clientName, string expected) =>
        Assert.Equal(expected, SessionUploadRules.DisplayName(clientName));

    private async Task<string> Refused(SessionUploads uploads, string name, byte[] content) =>
        (await Assert.ThrowsAsync<SessionRefusedException>(() => uploads.AddAsync(_ada.Me.Id, Dataset, name, content))).Message;

    /// <summary>A PNG whose pixels vary (a gradient), so no two sizes or channel counts encode alike.</summary>
    private static byte[] Png(int width, int height, int channels)
    {
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7 % 251);
        }

        return ImageCodec.Encode(pixels, height, width, channels);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();
}
