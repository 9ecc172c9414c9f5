using System.Text;
using ExplainHub.Server.Data;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Data;

public sealed class ImportStagingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("explainhub-staging-test-").FullName;

    [Fact]
    public async Task AZip_IsStagedUnderAGeneratedFolder_AndAFixedName_NeverTheClientsPath()
    {
        var staging = new ImportStaging(_root);

        using var staged = await staging.StageAsync(DatasetFormats.ImageFolder, [File("../../etc/My Shoes.ZIP", "PK…")], CancellationToken.None);

        Assert.Equal("images.zip", Path.GetFileName(staged.Path));
        Assert.Equal(_root, Path.GetDirectoryName(staged.Folder));
        Assert.Equal(32, Path.GetFileName(staged.Folder).Length); // a GUID, not anything the client sent
        Assert.Equal("PK…", await System.IO.File.ReadAllTextAsync(staged.Path));
        staged.Dispose();
        Assert.False(Directory.Exists(staged.Folder));
    }

    [Fact]
    public async Task CifarBatches_AreStagedByTheirOwnNames_AndTheFolderIsWhatTheEngineReads()
    {
        var staging = new ImportStaging(_root);

        using var staged = await staging.StageAsync(DatasetFormats.Cifar10,
            [File("data_batch_1.bin", "a"), File(@"C:\Users\x\test_batch.bin", "b")], CancellationToken.None);

        Assert.Equal(staged.Folder, staged.Path);
        Assert.Equal(["data_batch_1.bin", "test_batch.bin"], Directory.GetFiles(staged.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(DatasetFormats.Cifar10, "evil.sh", "cifar10 takes")]
    [InlineData(DatasetFormats.ImageFolder, "images.tar", "uploaded as one zip")]
    [InlineData("parquet", "x.parquet", "Unknown format 'parquet'")]
    public async Task FilesAFormatDoesNotTake_AreRefusedByName_AndNothingIsLeftOnDisk(string format, string name, string message)
    {
        var staging = new ImportStaging(_root);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => staging.StageAsync(format, [File(name, "x")], CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(_root));
    }

    [Fact]
    public async Task AFileLargerThanTheLimit_IsRefusedBeforeAnythingIsRead()
    {
        var staging = new ImportStaging(_root);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => staging.StageAsync(DatasetFormats.Fer2013,
            [("fer2013.csv", ImportStaging.MaxFileBytes + 1, () => throw new InvalidOperationException("read"))], CancellationToken.None));

        Assert.Contains("larger than 1 GB", error.Message, StringComparison.Ordinal);
    }

    private static (string Name, long Size, Func<Stream> Open) File(string name, string content) =>
        (name, Encoding.UTF8.GetByteCount(content), () => new MemoryStream(Encoding.UTF8.GetBytes(content)));

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
