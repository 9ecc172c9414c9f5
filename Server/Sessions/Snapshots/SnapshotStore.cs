using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ExplainHub.Engine.Storage;
using ExplainHub.Server.Sessions.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExplainHub.Server.Sessions.Snapshots;

/// <summary>
/// Read-only snapshots of a Compare view: the row (token hash, title, who, when) in the sessions database, the content
/// as gzipped JSON under the data folder's <c>sessions/snapshots</c>, named by the snapshot's generated id and written
/// atomically (a temporary file renamed into place), so a crash leaves either the whole snapshot or none. The link's
/// token is checked like a share link's; the file's SHA-256 is checked before anything of it is shown.
/// </summary>
public sealed class SnapshotStore(ReviewDatabase database, ReviewSessions sessions, IOptions<ReviewSessionOptions> options, TimeProvider clock)
{
    // A map may hold NaN or ±∞ (a constant image's standardised pixels): kept as JSON's named literals, not refused.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private string Folder => Path.Combine(options.Value.ResolveDataDirectory(), "snapshots");

    /// <summary>Takes a snapshot on Compare alone, by <paramref name="takenBy"/>.</summary>
    public Task<TakenSnapshot> TakeAsync(CompareSnapshot content, string title, string takenBy) =>
        SaveAsync(content, title, SessionMember.CheckName(takenBy), sessionId: null);

    /// <summary>Takes a snapshot in a review session: only an editor may.</summary>
    public Task<TakenSnapshot> TakeAsync(Guid memberId, CompareSnapshot content, string title)
    {
        var (sessionId, name) = sessions.Authorized(memberId, SessionRole.Editor, "take a snapshot");
        return SaveAsync(content, title, name, sessionId);
    }

    public async Task<OpenedSnapshot> OpenAsync(string token)
    {
        if (!ShareToken.IsWellFormed(token))
        {
            throw NotValid();
        }

        var hash = ShareToken.Hash(token);
        SnapshotRecord? record;
        await using (var db = database.Open())
        {
            record = await db.Snapshots.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash);
        }

        if (record is null || !ShareToken.Matches(record.TokenHash, token))
        {
            throw NotValid();
        }

        var path = PathOf(record.Id);
        if (!File.Exists(path))
        {
            throw new SessionRefusedException("This snapshot's content is missing from the server's data folder.");
        }

        var bytes = await File.ReadAllBytesAsync(path);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), record.ContentHash))
        {
            throw new SessionRefusedException("This snapshot's content was changed on the server after it was taken; it is not shown.");
        }

        await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var content = await JsonSerializer.DeserializeAsync<CompareSnapshot>(gzip, Json)
            ?? throw new SessionRefusedException("This snapshot's content is empty.");
        return new OpenedSnapshot(new SnapshotInfo(record.Id, record.Title, record.TakenBy, record.TakenAt, record.SessionId), content);
    }

    private async Task<TakenSnapshot> SaveAsync(CompareSnapshot content, string title, string takenBy, Guid? sessionId)
    {
        var trimmed = title.Trim();
        if (trimmed.Length is 0 or > 200)
        {
            throw new SessionRefusedException("A snapshot's title has 1 to 200 characters.");
        }

        if (content.Tiles.Count is 0 or > CompareSnapshot.MaxTiles)
        {
            throw new SessionRefusedException($"A snapshot keeps 1 to {CompareSnapshot.MaxTiles} maps; wait for the grid to fill in.");
        }

        var id = Guid.NewGuid();
        // The tiles' pictures are drawn again from the maps when shown: they are not kept.
        var bytes = Serialize(content with { Tiles = content.Tiles.Select(t => t with { ImageUrl = null }).ToArray() });
        if (bytes.Length > options.Value.MaxSnapshotBytes)
        {
            throw new SessionRefusedException(
                $"This grid makes a snapshot of {bytes.Length / (1024.0 * 1024):0.#} MB; at most {options.Value.MaxSnapshotBytes / (1024.0 * 1024):0.#} MB are kept. Show fewer models or functions and try again.");
        }
        Directory.CreateDirectory(Folder);
        AtomicFiles.WriteAll([new OutputFile(PathOf(id), bytes)]);

        var token = ShareToken.New();
        var record = new SnapshotRecord
        {
            Id = id, TokenHash = ShareToken.Hash(token), SessionId = sessionId, Title = trimmed, TakenBy = takenBy,
            TakenAt = clock.GetUtcNow(), ContentHash = SHA256.HashData(bytes),
        };
        await using (var db = database.Open())
        {
            db.Snapshots.Add(record);
            await db.SaveChangesAsync();
        }

        return new TakenSnapshot(new SnapshotInfo(id, trimmed, takenBy, record.TakenAt, sessionId), token);
    }

    private static byte[] Serialize(CompareSnapshot content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, content, Json);
        }

        return buffer.ToArray();
    }

    private string PathOf(Guid id) => Path.Combine(Folder, id.ToString("N") + ".json.gz");

    private static SessionRefusedException NotValid() => new("This link does not open a snapshot: it was never valid.");
}
