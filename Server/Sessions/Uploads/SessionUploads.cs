using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using ExplainHub.Engine.Imaging;
using ExplainHub.Engine.Storage;
using ExplainHub.Server.Imaging;
using ExplainHub.Server.Sessions.Persistence;
using ExplainHub.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExplainHub.Server.Sessions.Uploads;

/// <summary>
/// Images uploaded to a review session, which every member sees. A file is checked before anything is kept: its size,
/// then what SkiaSharp (the engine's decoder) reads in it, never its name or the browser's word on its type, then its
/// pixel count, then its conversion to the data set's shape, which is also the preview. It is stored under the data
/// folder's <c>sessions/uploads/SESSION</c> named by a generated id (never the client's name or path), outside any
/// web root, written atomically, and its metadata in the sessions database. Editors upload; every member may open one.
/// </summary>
public sealed class SessionUploads(ReviewDatabase database, ReviewSessions sessions, IOptions<ReviewSessionOptions> options, TimeProvider clock)
    : IDisposable
{
    private const int PreviewSide = 112;

    // Per session, so one busy session cannot slow another; every attempt counts, refused ones too (they cost a decode).
    private readonly ConcurrentDictionary<Guid, RateLimiter> _rates = new();

    private ReviewSessionOptions Options => options.Value;

    /// <summary>Adds an image to the member's session, converted to <paramref name="dataset"/>'s shape; refused with the reason otherwise.</summary>
    public async Task<SessionUpload> AddAsync(Guid memberId, DatasetInfo dataset, string clientName, byte[] content)
    {
        var (sessionId, uploadedBy) = sessions.Authorized(memberId, SessionRole.Editor, "upload images to the session");
        var name = SessionUploadRules.DisplayName(clientName);
        using (var lease = RateOf(sessionId).AttemptAcquire())
        {
            if (!lease.IsAcquired)
            {
                throw new SessionRefusedException($"This session takes at most {Options.MaxUploadsPerMinute} uploads a minute; try '{name}' again in a moment.");
            }
        }

        if (content.Length == 0)
        {
            throw new SessionRefusedException($"'{name}' is empty.");
        }

        if (content.Length > Options.MaxUploadBytes)
        {
            throw new SessionRefusedException($"'{name}' is {content.Length / (1024.0 * 1024):0.#} MB; a session takes images of at most {Megabytes(Options.MaxUploadBytes)}.");
        }

        // Counted before decoding, so a full session refuses at once; and again under the session's numbering, which
        // uploads arriving together take one at a time, so none of them passes the limit or takes another's number.
        await RefuseWhenFullAsync(sessionId);
        var (height, width, preview, conversion) = Convert(name, content, dataset);
        using var numbering = await sessions.NumberingAsync(memberId, SessionRole.Editor, "upload images to the session");
        var count = await RefuseWhenFullAsync(sessionId);
        var id = Guid.NewGuid();
        var path = PathOf(sessionId, id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFiles.WriteAll([new OutputFile(path, content)]);
        var record = new SessionUploadRecord
        {
            Id = id, SessionId = sessionId, Number = count + 1, Name = name, Width = width, Height = height, Bytes = content.Length, UploadedBy = uploadedBy,
            UploadedAt = clock.GetUtcNow(), PreviewDataUrl = preview, Conversion = conversion, ContentHash = SHA256.HashData(content),
        };
        await using (var db = database.Open())
        {
            db.Uploads.Add(record);
            await db.SaveChangesAsync();
        }

        sessions.Publish(new UploadsChanged(sessionId, await ListOfAsync(sessionId)));
        return Of(record);
    }

    private async Task<int> RefuseWhenFullAsync(Guid sessionId)
    {
        int count;
        await using (var db = database.Open())
        {
            count = await db.Uploads.CountAsync(u => u.SessionId == sessionId);
        }

        return count < Options.MaxUploadsPerSession
            ? count
            : throw new SessionRefusedException($"This session already has {Options.MaxUploadsPerSession} images, as many as it keeps.");
    }

    /// <summary>The member's session's uploads, oldest first.</summary>
    public async Task<IReadOnlyList<SessionUpload>> ListAsync(Guid memberId)
    {
        var (sessionId, _) = sessions.Authorized(memberId, SessionRole.Reader, "see the session's images");
        return await ListOfAsync(sessionId);
    }

    /// <summary>An upload of the member's own session as the engine takes it; another session's id opens nothing.</summary>
    public async Task<UploadedImage> OpenAsync(Guid memberId, Guid uploadId)
    {
        var (sessionId, _) = sessions.Authorized(memberId, SessionRole.Reader, "see the session's images");
        SessionUploadRecord? record;
        await using (var db = database.Open())
        {
            record = await db.Uploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == uploadId && u.SessionId == sessionId);
        }

        var path = record is null ? null : PathOf(sessionId, record.Id);
        if (record is null || !File.Exists(path))
        {
            throw new SessionRefusedException("This session has no such image.");
        }

        var content = await File.ReadAllBytesAsync(path!);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(content), record.ContentHash))
        {
            throw new SessionRefusedException($"'{record.Name}' was changed on the server after it was uploaded; it is not used.");
        }

        return new UploadedImage(record.Name, content);
    }

    private (int Height, int Width, string Preview, string Conversion) Convert(string name, byte[] content, DatasetInfo dataset)
    {
        int height, width;
        try
        {
            (height, width, _) = ImageCodec.Describe(content);
        }
        catch (InvalidDataException)
        {
            throw new SessionRefusedException($"'{name}' is not an image ExplainHub can read (PNG, JPEG, BMP, WebP or GIF), whatever its name says.");
        }

        if ((long)height * width > Options.MaxUploadPixels)
        {
            throw new SessionRefusedException($"'{name}' is {width}×{height} pixels; a session takes images of at most {Options.MaxUploadPixels:N0} pixels.");
        }

        try
        {
            var (images, notices) = UploadConversion.ToModelInput([new UploadedImage(name, content)], dataset.Channels, dataset.Height, dataset.Width);
            var conversion = notices.Count == 0 ? "" : notices[0][(notices[0].IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            return (height, width, ImagePicture.DataUrl(images, 0, PreviewSide), conversion);
        }
        catch (EngineException e)
        {
            throw new SessionRefusedException(e.Message);
        }
    }

    private async Task<IReadOnlyList<SessionUpload>> ListOfAsync(Guid sessionId)
    {
        await using var db = database.Open();
        var records = await db.Uploads.AsNoTracking().Where(u => u.SessionId == sessionId).OrderBy(u => u.Number).ThenBy(u => u.Id).ToListAsync();
        return records.Select(Of).ToArray();
    }

    private static SessionUpload Of(SessionUploadRecord r) =>
        new(r.Id, r.Name, r.Width, r.Height, r.Bytes, r.UploadedBy, r.UploadedAt, r.PreviewDataUrl, r.Conversion);

    private string PathOf(Guid sessionId, Guid uploadId) =>
        Path.Combine(Options.ResolveDataDirectory(), "uploads", sessionId.ToString("N"), uploadId.ToString("N") + ".upload");

    private RateLimiter RateOf(Guid sessionId) => _rates.GetOrAdd(sessionId, _ => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = Options.MaxUploadsPerMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true,
    }));

    public void Dispose()
    {
        foreach (var rate in _rates.Values)
        {
            rate.Dispose();
        }

        _rates.Clear();
    }

    private static string Megabytes(int bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes:N0} bytes";
}
