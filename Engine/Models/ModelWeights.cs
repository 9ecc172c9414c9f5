using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ExplainHub.Engine.Models;

/// <summary>
/// The fingerprint of a saved model's learned state: SHA-256 over every file of its folder but model.json (whose
/// name and accuracy may be edited without changing what the model computes), each as its relative name, length and
/// bytes, in ordinal order of names. Two folders with the same weights have the same hash on any machine.
/// </summary>
public static class ModelWeights
{
    public const string Prefix = "sha256:";

    public static string Hash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => (Path: f, Name: Path.GetRelativePath(directory, f).Replace('\\', '/')))
            .Where(f => f.Name != SavedModel.DescriptionFile)
            .OrderBy(f => f.Name, StringComparer.Ordinal);
        Span<byte> length = stackalloc byte[8];
        var buffer = new byte[1 << 16];
        foreach (var (path, name) in files)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteInt64LittleEndian(length, nameBytes.Length);
            hash.AppendData(length);
            hash.AppendData(nameBytes);
            using var stream = File.OpenRead(path);
            BinaryPrimitives.WriteInt64LittleEndian(length, stream.Length);
            hash.AppendData(length);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        return Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
