using System.Text;
using ExplainHub.Engine.Hosting;

namespace ExplainHub.Engine.Tests.Hosting;

public sealed class MallocArenasTests
{
    private static Dictionary<string, string?> Environment(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => (string?)v.Value, StringComparer.Ordinal);

    [Fact]
    public void AProcessWithoutTunables_IsRunAgainWithOneArenaAndFreedMemoryKeptMapped() =>
        Assert.Equal("glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736",
            MallocArenas.TunablesToSet(Environment(("PATH", "/usr/bin"))));

    [Fact]
    public void TheUsersOwnTunables_AreKeptAfterOurs_SoTheirsWinWhereBothNameOne() =>
        Assert.Equal($"{MallocArenas.Tunables}:glibc.malloc.trim_threshold=1024",
            MallocArenas.TunablesToSet(Environment(("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1024"))));

    [Theory]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.arena_max=4")]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.check=0:glibc.malloc.arena_max=2")]
    [InlineData("MALLOC_ARENA_MAX", "2")]
    [InlineData(MallocArenas.MarkerVariable, "1")] // the re-execution itself: never a second time
    [InlineData(MallocArenas.OptOutVariable, "1")]
    public void NothingChanges_WhenTheArenaCountIsSetAlready_OrThisIsTheReexecution_OrTheUserOptedOut(string name, string value) =>
        Assert.Null(MallocArenas.TunablesToSet(Environment((name, value))));

    [Fact]
    public void TheCommandLine_IsSplitAtEachNul_KeepingEmptyAndNonAsciiArguments()
    {
        var bytes = Encoding.UTF8.GetBytes("dotnet\0/app/ExplainHub.Client.dll\0\0--name\0Schuhé 1\0");
        Assert.Equal(["dotnet", "/app/ExplainHub.Client.dll", "", "--name", "Schuhé 1"], MallocArenas.Arguments(bytes));
    }
}
