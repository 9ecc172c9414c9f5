// MSBuild inline task (LibTorchSharpOnOlderLibstdcxx.targets): makes TorchSharp's libLibTorchSharp.so loadable on a
// libstdc++ without GLIBCXX_3.4.32 (Debian 12). See the targets file for why this is safe.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchLibTorchSharpForLibstdcxx : Task
{
    private const string NewVersion = "GLIBCXX_3.4.32";
    private const string SystemVersion = "GLIBCXX_3.4.30";
    private const string InitSymbol = "_ZSt21ios_base_library_initv";

    private const uint SectionDynamicSymbols = 11;
    private const uint SectionVersionNeeds = 0x6ffffffe;
    private const uint SectionVersionSymbols = 0x6fffffff;

    [Required]
    public string Source { get; set; }

    [Required]
    public string Destination { get; set; }

    [Output]
    public bool Patched { get; set; }

    private static readonly string[] LibstdcxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    public override bool Execute()
    {
        var system = Array.Find(LibstdcxxCandidates, File.Exists);
        if (system == null || Contains(File.ReadAllBytes(system), Encoding.ASCII.GetBytes(NewVersion + "\0")))
        {
            return true; // the system libstdc++ has the version (or is not where we look): the package's file loads as is
        }

        if (File.Exists(Destination) && File.GetLastWriteTimeUtc(Destination) >= File.GetLastWriteTimeUtc(Source))
        {
            Patched = true;
            return true;
        }

        var elf = File.ReadAllBytes(Source);
        string problem = Patch(elf);
        if (problem != null)
        {
            Log.LogError($"{Source} cannot be made loadable on {system}, which lacks {NewVersion}: {problem}. Install a newer libstdc++6 (GCC 13 or later).");
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Destination));
        var temporary = Destination + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, elf);
        if (File.Exists(Destination)) File.Delete(Destination);
        File.Move(temporary, Destination);
        Log.LogMessage(MessageImportance.High, $"{system} lacks {NewVersion}: using {Destination} (TorchSharp's library with its one {NewVersion} reference, {InitSymbol}, unversioned)");
        Patched = true;
        return true;
    }

    /// <summary>Edits an ELF64 little-endian shared object in place; returns why it cannot, or null.</summary>
    private static string Patch(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            return "not a 64-bit little-endian ELF file";
        }

        var sectionTable = (long)U64(elf, 0x28);
        int entrySize = U16(elf, 0x3a), sections = U16(elf, 0x3c);
        Section symbols = null, versionSymbols = null, versionNeeds = null;
        var all = new Section[sections];
        for (var i = 0; i < sections; i++)
        {
            var at = sectionTable + (i * entrySize);
            all[i] = new Section(U32(elf, at + 4), (long)U64(elf, at + 24), (long)U64(elf, at + 32), (int)U32(elf, at + 40));
            if (all[i].Type == SectionDynamicSymbols) symbols = all[i];
            if (all[i].Type == SectionVersionSymbols) versionSymbols = all[i];
            if (all[i].Type == SectionVersionNeeds) versionNeeds = all[i];
        }

        if (symbols == null || versionSymbols == null || versionNeeds == null)
        {
            return "it has no symbol version tables";
        }

        // The version requirement entries (Elf64_Vernaux): find GLIBCXX_3.4.32 and the 3.4.30 it is pointed at.
        var strings = all[versionNeeds.Link].Offset;
        long newEntry = -1, systemEntry = -1;
        int newIndex = -1;
        var need = versionNeeds.Offset;
        while (true)
        {
            int count = U16(elf, need + 2);
            var aux = need + U32(elf, need + 8);
            for (var j = 0; j < count; j++)
            {
                var name = Text(elf, strings + U32(elf, aux + 8));
                if (name == NewVersion) { newEntry = aux; newIndex = U16(elf, aux + 6); }
                if (name == SystemVersion) systemEntry = aux;
                aux += U32(elf, aux + 12);
            }

            var next = U32(elf, need + 12);
            if (next == 0) break;
            need += next;
        }

        if (newEntry < 0)
        {
            return null; // nothing asks for 3.4.32
        }

        if (systemEntry < 0)
        {
            return $"it does not also need {SystemVersion}";
        }

        // Every dynamic symbol bound to 3.4.32 must be the iostream marker, which only that marker may be.
        var symbolStrings = all[symbols.Link].Offset;
        var symbolCount = symbols.Size / 24;
        var cleared = 0;
        for (var s = 0; s < symbolCount; s++)
        {
            var versionAt = versionSymbols.Offset + (s * 2);
            if ((U16(elf, versionAt) & 0x7fff) != newIndex) continue;
            var name = Text(elf, symbolStrings + U32(elf, symbols.Offset + (s * 24)));
            if (name != InitSymbol)
            {
                return $"{name} also needs {NewVersion}";
            }

            elf[versionAt] = 1; // VER_NDX_GLOBAL: unversioned
            elf[versionAt + 1] = 0;
            cleared++;
        }

        // Same hash and name as the 3.4.30 entry: the loader checks a version the system has, twice.
        Array.Copy(elf, systemEntry, elf, newEntry, 4);
        Array.Copy(elf, systemEntry + 8, elf, newEntry + 8, 4);
        return cleared > 1 ? $"{cleared} symbols named {InitSymbol}" : null;
    }

    private sealed class Section
    {
        public Section(uint type, long offset, long size, int link) { Type = type; Offset = offset; Size = size; Link = link; }
        public uint Type { get; }
        public long Offset { get; }
        public long Size { get; }
        public int Link { get; }
    }

    private static int U16(byte[] b, long at) => BitConverter.ToUInt16(b, (int)at);

    private static uint U32(byte[] b, long at) => BitConverter.ToUInt32(b, (int)at);

    private static ulong U64(byte[] b, long at) => BitConverter.ToUInt64(b, (int)at);

    private static string Text(byte[] b, long at)
    {
        var end = Array.IndexOf(b, (byte)0, (int)at);
        return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }

        return false;
    }
}
