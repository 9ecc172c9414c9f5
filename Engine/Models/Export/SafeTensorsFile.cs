using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;

namespace ExplainHub.Engine.Models.Export;

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON header mapping
/// each tensor's name to its dtype, shape and [begin, end) byte offsets in the data that follows, and the raw
/// little-endian data. We write float32 tensors ("F32") in the given order and read them back with every offset
/// checked, so a truncated or edited file is refused with where it goes wrong.
/// </summary>
public static class SafeTensorsFile
{
    private const long MaxHeaderBytes = 100_000_000;

    public static void Write(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject { ["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))) };
        long offset = 0;
        foreach (var tensor in tensors)
        {
            var bytes = (long)tensor.Values.Length * sizeof(float);
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8; // the data starts 8-byte aligned; the format pads the header with spaces
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var tensor in tensors)
        {
            var bytes = new byte[tensor.Values.Length * sizeof(float)];
            for (var i = 0; i < tensor.Values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), tensor.Values[i]);
            }

            stream.Write(bytes);
        }
    }

    public static (IReadOnlyDictionary<string, NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{path}: {bytes.Length} bytes is too short for a safetensors file (truncated at byte offset {bytes.Length}).");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || 8 + (long)headerLength > bytes.Length)
        {
            throw new InvalidDataException($"{path}: the header claims {headerLength} bytes but the file ends at byte offset {bytes.Length}.");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength)) as JsonObject
                ?? throw new InvalidDataException($"{path}: the header at byte offset 8 is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: the header at byte offset 8 is not valid JSON: {ex.Message}", ex);
        }

        var dataStart = 8 + (long)headerLength;
        var tensors = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node as JsonObject ?? [])
                {
                    metadata[key] = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
                }

                continue;
            }

            var entry = node as JsonObject ?? throw new InvalidDataException($"{path}: '{name}' has no description.");
            if (!(entry["dtype"] is JsonValue dtype && dtype.TryGetValue<string>(out var type) && type == "F32"))
            {
                throw new InvalidDataException($"{path}: '{name}' is {entry["dtype"]?.ToJsonString() ?? "of no dtype"}, only F32 tensors are read.");
            }

            var shape = WholeNumbers(entry["shape"], path, name, "shape");
            var offsets = WholeNumbers(entry["data_offsets"], path, name, "data_offsets");
            if (shape.Any(d => d < 0) || shape.Aggregate(1.0, (a, b) => a * b) > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}: '{name}' has the shape [{string.Join(", ", shape)}], not one a tensor can have here.");
            }

            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (offsets.Length != 2 || offsets[1] - offsets[0] != count * sizeof(float) || offsets[0] < 0)
            {
                throw new InvalidDataException($"{path}: '{name}' has data offsets [{string.Join(", ", offsets)}] that do not hold {string.Join("×", shape)} floats.");
            }

            if (dataStart + offsets[1] > bytes.Length)
            {
                throw new InvalidDataException(
                    $"{path}: '{name}' ends at byte offset {dataStart + offsets[1]} but the file is truncated at byte offset {bytes.Length}.");
            }

            var values = new float[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(dataStart + offsets[0] + (i * sizeof(float))), sizeof(float)));
            }

            tensors[name] = new NamedTensor(name, shape, values);
        }

        return (tensors, metadata);
    }

    private static long[] WholeNumbers(JsonNode? node, string path, string name, string field) =>
        node is JsonArray array && array.All(d => d is JsonValue v && v.TryGetValue<long>(out _))
            ? array.Select(d => d!.GetValue<long>()).ToArray()
            : throw new InvalidDataException($"{path}: '{name}' has no {field} list of whole numbers ({node?.ToJsonString() ?? "none"}).");
}
